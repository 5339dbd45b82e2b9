/*
 * The chat client: one Socket.io connection speaking the protocol in docs/protocol.adoc (each
 * frame an event of its type). The Socket.io client library connects, falls back to HTTP
 * long-polling where WebSocket is blocked, notices a dead connection by Engine.IO's heartbeat
 * and reconnects; this file keeps only the chat, and resumes exactly after every reconnect
 * (join with since, directs with since, messages with their refs).
 * A direct conversation is kept like a room, under '@' and the other person's handle (no room
 * name has an '@'; one opened by a click before its first message, under '@?' and the name),
 * and listed apart from the rooms. The handle, not the name, says who it is with: a name may
 * pass to someone else, and a message written on in the conversation then says which person
 * it is for, so it never reaches the new holder.
 * Reads top to bottom: constants and state, cached elements, rendering, then
 * handlers grouped by source (forms and keys, then the socket).
 * All user text reaches the page through .text(), never as HTML.
 */
$(function () {
  'use strict';

  // ------------------------------------------------------------ constants
  var NAME_KEY = 'chat.name';     // the name the user chose, asked for again on every connect
  // The token from the server's welcome: presenting it again makes a new connection the same
  // person (its name, its refs, its direct messages). Kept for the site, so every tab of this
  // browser is that one person, as a login would be, and across reloads.
  var TOKEN_KEY = 'chat.token';
  var FIRST_ROOM = 'lobby';
  var RETRY_BASE_MS = 500;
  var RETRY_CAP_MS = 15000;
  var BASE_PATH = location.pathname.replace(/[^/]*$/, '');
  var TYPING_SEND_EVERY_MS = 2000;
  var TYPING_IDLE_MS = 3000;
  var TYPING_SHOW_MS = 6000;
  var CONNECT_TIMEOUT_MS = 10000;
  var ONLINE_REFRESH_MS = 15000; // the server-wide count, from /health (welcome gives it at connect)

  // ------------------------------------------------------------ state
  var socket = null;         // the Socket.io socket, made once; the library reconnects it
  // True from the welcome (whose handler joins the rooms again first) to the next drop: before
  // it, a frame would reach the server ahead of the joins and be refused as not in the room.
  var ready = false;
  var RATE_RETRY_MS = 1500;  // a message refused as rate_limited is offered again after this (over a second: no flood strike)
  var wantedName = null;    // what the user typed; the server may give another while it is taken
  var myName = null;        // the name the server gave this connection
  var wantOnline = false;   // false after the user leaves: a user's close is not a drop
  var attempt = 0;
  var retryTimer = null;
  var restartRetry = false;  // the next reconnect attempt is a 1012's immediate one
  var everOnline = false;   // after the first welcome, any attempt is a reconnect: still "offline"
  var current = FIRST_ROOM;
  // Maps keyed by what users choose (room and user names: 'constructor' and '__proto__' are
  // both valid) have no prototype, so no name can collide with an inherited property.
  function newMap() { return Object.create(null); }
  var rooms = newMap();     // name -> {messages: [], seen: map, lastId, members: [], unread, typing: map}
  var roomOrder = [];
  var pending = [];         // messages not yet echoed by the server: {room, text, ref}, and {to} for a direct one
  var me = null;            // this person's handle, from welcome
  // The newest direct message this page has all of up to: a reconnect asks for what came after it.
  // It moves on live messages only once this connection's directs answer is in (before that a
  // drop could otherwise skip what the answer was to bring).
  var lastDirectId = null;
  var newestDirectId = null;
  var directsAnswered = false;
  var directsRef = null;
  var blocked = [];         // the names this person blocks, as the server last said
  var DIRECT = '@';         // prefix of a conversation's key among the rooms
  var READ_KEY = 'chat.read.'; // + a handle: the newest id of that conversation seen on screen
  var typingSentAt = 0;
  var typingIdleTimer = null;

  // ------------------------------------------------------------ elements
  var $status = $('#status');
  var $login = $('#login');
  var $loginName = $('#login-name');
  var $chat = $('#chat');
  var $roomList = $('#room-list');
  var $joinRoom = $('#join-room');
  var $roomTitle = $('#room-title');
  var $messages = $('#messages');
  var $typing = $('#typing');
  var $error = $('#error');
  var $message = $('#message');
  var $memberList = $('#member-list');
  var $memberCount = $('#member-count');
  var $online = $('#online');
  var $onlineCount = $('#online-count');
  var $myName = $('#my-name');
  var $renameName = $('#rename-name');
  var $directList = $('#direct-list');
  var $directActions = $('#direct-actions');

  // ------------------------------------------------------------ helpers
  // Unguessable everywhere: randomUUID exists only in secure contexts (https, localhost), but
  // getRandomValues exists in every context. A guessable ref would let another sender's message
  // be taken for a retry of it, were refs not kept per sender; it still must not be predictable.
  function newRef() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join('');
  }

  function room(name) {
    if (!rooms[name]) {
      rooms[name] = { messages: [], seen: newMap(), lastId: null, members: [], unread: 0, typing: newMap() };
      roomOrder.push(name);
    }
    return rooms[name];
  }

  function isDirect(key) { return key.charAt(0) === DIRECT; }

  // The conversation under this key, with the person known by that name (and that handle, once
  // known); its member list is the two of you.
  function conversation(key, peer, handle) {
    var c = room(key);
    c.peer = peer;
    if (handle) { c.handle = handle; }
    c.members = [myName, peer];
    return c;
  }

  // The conversation with whoever goes by this name, as far as this page knows.
  function conversationNamed(name) {
    return roomOrder.filter(function (key) { return isDirect(key) && rooms[key].peer === name; })[0];
  }

  // A conversation opened by name gets its handle with its first message: it moves under it.
  function adopt(from, to) {
    if (!rooms[from] || from === to) { return; }
    if (!rooms[to]) {
      rooms[to] = rooms[from];
      roomOrder[roomOrder.indexOf(from)] = to;
    } else {
      roomOrder = roomOrder.filter(function (k) { return k !== from; });
    }
    delete rooms[from];
    pending.forEach(function (p) { if (p.room === from) { p.room = to; } });
    if (current === from) { current = to; }
  }

  function markRead(key) {
    var c = rooms[key];
    if (!c || !c.handle || !c.newestId) { return; }
    localStorage.setItem(READ_KEY + c.handle, c.newestId);
  }

  // The frame that sends (or sends again) a pending message, to its room or its person.
  function frameOf(p) {
    if (!p.to) { return { type: 'message', room: p.room, text: p.text, ref: p.ref }; }
    var frame = { type: 'direct', to: p.to, text: p.text, ref: p.ref };
    var c = rooms[p.room];
    if (c && c.handle) { frame.person = c.handle; }
    return frame;
  }

  // A frame is the event of its type with the other fields as its argument. Nothing is emitted
  // while disconnected: the library would buffer it and send it before the rooms are joined
  // again; pending messages are sent again once their room is (see joined).
  function send(frame) {
    if (!socket || !socket.connected || !ready) { return false; }
    var fields = {};
    Object.keys(frame).forEach(function (key) { if (key !== 'type') { fields[key] = frame[key]; } });
    socket.emit(frame.type, fields);
    return true;
  }

  function showError(text) {
    $error.text(text).prop('hidden', false);
    clearTimeout(showError.timer);
    showError.timer = setTimeout(function () { $error.prop('hidden', true); }, 8000);
  }

  // ------------------------------------------------------------ rendering
  function setStatus(state, detail) {
    $status.attr('data-state', state).text(detail ? state + ': ' + detail : state);
  }

  function titleOf(key) {
    return isDirect(key) ? rooms[key].peer : '# ' + key;
  }

  // Rooms in one list, direct conversations in the other, each with its unread count.
  function renderRooms() {
    $roomList.empty();
    $directList.empty();
    roomOrder.forEach(function (name) {
      var r = rooms[name];
      var direct = isDirect(name);
      var $li = $('<li>').toggleClass('current', name === current).toggleClass('has-unread', r.unread > 0);
      var $switch = $('<button type="button" class="switch">').text(titleOf(name)).data('room', name);
      if (name === current) { $switch.attr('aria-current', 'true'); }
      $li.append($switch);
      if (r.unread) { $li.append($('<span class="unread">').text(r.unread + ' new')); }
      if (name !== FIRST_ROOM) {
        $li.append($('<button type="button" class="leave">').text('×')
          .attr('aria-label', (direct ? 'Close the conversation with ' : 'Leave ') + titleOf(name)).data('room', name));
      }
      (direct ? $directList : $roomList).append($li);
    });
    $('#direct-hint').prop('hidden', $directList.children().length > 0);
  }

  function messageItem(m) {
    var $li = $('<li class="message">').attr('data-id', m.id || '');
    var when = m.ts ? new Date(m.ts) : null;
    if (when) {
      $li.append($('<time>').attr('datetime', m.ts)
        .text(when.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })));
    }
    $li.append($('<span class="from">').text(m.from));
    $li.append($('<span class="text">').text(m.text));
    return $li;
  }

  function itemFor(entry) {
    if (entry.kind === 'gap') { return $('<li class="gap">').text('Some earlier messages may be missing'); }
    if (entry.kind === 'notice') { return $('<li class="notice">').text(entry.text); }
    if (entry.kind === 'pending') {
      return messageItem({ from: myName, text: entry.text }).addClass('pending').attr('data-ref', entry.ref);
    }
    return messageItem(entry.message);
  }

  function renderMessages() {
    var r = room(current);
    $messages.empty();
    r.messages.forEach(function (entry) { $messages.append(itemFor(entry)); });
    pending.forEach(function (p) {
      if (p.room === current) { $messages.append(itemFor({ kind: 'pending', text: p.text, ref: p.ref })); }
    });
    $messages.scrollTop($messages.prop('scrollHeight'));
  }

  // quiet: not counted as unread (one's own, or read before).
  function appendEntry(roomName, entry, quiet) {
    var r = room(roomName);
    r.messages.push(entry);
    if (roomName === current) {
      var $pendingItems = $messages.children('.pending');
      var $item = itemFor(entry);
      if ($pendingItems.length) { $item.insertBefore($pendingItems.first()); } else { $messages.append($item); }
      $messages.scrollTop($messages.prop('scrollHeight'));
    } else if (entry.kind === 'message' && !quiet) {
      r.unread++;
      renderRooms();
    }
  }

  function renderMembers() {
    var r = room(current);
    $memberList.empty();
    r.members.forEach(function (name) {
      if (name === myName) {
        $memberList.append($('<li>').text(name + ' (you)'));
      } else {
        $memberList.append($('<li>').append($('<button type="button" class="person">').text(name)
          .attr('title', 'Write to ' + name + ' alone').data('name', name)));
      }
    });
    $memberCount.text(r.members.length);
    $('#member-where').text(isDirect(current) ? 'in this conversation' : 'in this room');
  }

  function renderBlockButton() {
    var c = rooms[current];
    var isBlocked = isDirect(current) && blocked.indexOf(c.peer) >= 0;
    $('#block').text(isBlocked ? 'Unblock' : 'Block').data('blocked', isBlocked);
  }

  function renderOnline(count) {
    $onlineCount.text(count);
    $online.prop('hidden', false);
  }

  // Someone came or went: the server-wide count likely changed too. Coalesced, so a burst of
  // joins costs one request.
  // "ann, bob and cy" for a few names; "ann, bob, cy and 7 others" for many.
  function summarize(names) {
    if (names.length === 1) { return names[0]; }
    var shown = names.slice(0, Math.min(names.length - 1, 3));
    var rest = names.length - shown.length;
    return shown.join(', ') + ' and ' + (rest === 1 ? names[names.length - 1] : rest + ' others');
  }

  function refreshOnlineSoon() {
    clearTimeout(refreshOnlineSoon.timer);
    refreshOnlineSoon.timer = setTimeout(refreshOnline, 500);
  }

  function refreshOnline() {
    if (!socket) { return; }
    $.getJSON(location.pathname.replace(/[^/]*$/, '') + 'health').done(function (health) {
      renderOnline(health.online);
    });
  }

  function renderTyping() {
    var names = Object.keys(room(current).typing);
    $typing.text(names.length === 0 ? '' : names.length === 1 ? names[0] + ' is typing…'
      : names.join(', ') + ' are typing…');
  }

  function switchTo(name) {
    current = name;
    room(name).unread = 0;
    $roomTitle.text(isDirect(name) ? 'Direct: ' + rooms[name].peer : '# ' + name);
    $directActions.prop('hidden', !isDirect(name));
    markRead(name);
    renderBlockButton();
    renderRooms();
    renderMessages();
    renderMembers();
    renderTyping();
  }

  // ------------------------------------------------------------ actions
  function connect() {
    clearTimeout(retryTimer);
    if (everOnline) { setStatus('offline', 'reconnecting…'); } else { setStatus('connecting'); }
    if (socket) { socket.connect(); return; }
    // Asked anew on every (re)connect: the name the user chose, and the token that makes this
    // connection the same sender as the last one.
    socket = io({
      path: BASE_PATH + 'socket.io/',
      auth: function (give) {
        var auth = { name: wantedName };
        var token = localStorage.getItem(TOKEN_KEY);
        if (token) { auth.token = token; }
        give(auth);
      },
      timeout: CONNECT_TIMEOUT_MS,
      reconnectionDelay: RETRY_BASE_MS,
      reconnectionDelayMax: RETRY_CAP_MS
    });
    Object.keys(handlers).forEach(function (type) {
      socket.on(type, function (fields) { handlers[type](fields || {}); });
    });
    socket.on('disconnect', dropped);
    socket.io.on('reconnect_attempt', function () {
      if (restartRetry) { socket.io.reconnectionDelay(RETRY_BASE_MS); restartRetry = false; }
      setStatus('offline', 'reconnecting…');
    });
    socket.on('connect_error', function () {
      if (!socket.active) { scheduleReconnect(); } // refused for good by the server: try again later ourselves
    });
  }

  // The library reconnects by itself after a network failure; after the server disconnected
  // the socket on purpose it does not, and the page tries again with a backoff.
  function scheduleReconnect() {
    // Full jitter: a random wait up to the capped exponential step, so a restarted
    // server is not hit by every client at the same instant.
    var step = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * Math.pow(2, attempt++));
    var wait = Math.round(Math.random() * step);
    setStatus('offline', 'reconnecting in ' + Math.ceil(wait / 1000) + ' s');
    retryTimer = setTimeout(connect, wait);
  }

  function join(name, since) {
    room(name);
    var frame = { type: 'join', room: name };
    if (since) { frame.since = since; }
    send(frame);
  }

  function askDirects() {
    var ask = { type: 'directs', ref: newRef() };
    if (lastDirectId) { ask.since = lastDirectId; }
    directsRef = ask.ref;
    send(ask);
  }

  function postMessage(text) {
    var p = { room: current, text: text, ref: newRef() };
    if (isDirect(current)) { p.to = rooms[current].peer; }
    pending.push(p);
    renderMessages();
    send(frameOf(p));
  }

  function sendTyping(active) {
    clearTimeout(typingIdleTimer);
    if (isDirect(current)) { return; } // typing is a room's
    if (active) {
      var now = Date.now();
      if (now - typingSentAt > TYPING_SEND_EVERY_MS) {
        typingSentAt = now;
        send({ type: 'typing', room: current, active: true });
      }
      typingIdleTimer = setTimeout(function () { sendTyping(false); }, TYPING_IDLE_MS);
    } else if (typingSentAt) {
      typingSentAt = 0;
      send({ type: 'typing', room: current, active: false });
    }
  }

  // ------------------------------------------------------------ handlers: forms and keys
  $loginName.val(localStorage.getItem(NAME_KEY) || '');

  $loginName.on('invalid', function () {
    $('#login-error').text('That name cannot be used: a name is 1 to 32 letters, digits, spaces or _ - .')
      .prop('hidden', false);
  });

  $login.on('submit', function (e) {
    e.preventDefault();
    $('#login-error').prop('hidden', true);
    wantedName = $.trim($loginName.val());
    myName = wantedName;
    localStorage.setItem(NAME_KEY, wantedName);
    $login.prop('hidden', true);
    $chat.prop('hidden', false);
    wantOnline = true;
    room(FIRST_ROOM);
    switchTo(FIRST_ROOM);
    connect();
    $message.trigger('focus');
  });

  $('#join').on('submit', function (e) {
    e.preventDefault();
    var name = $.trim($joinRoom.val());
    $joinRoom.val('');
    join(name);
    switchTo(name);
    $message.trigger('focus');
  });

  $roomList.add($directList).on('click', 'button.switch', function () {
    switchTo($(this).data('room'));
  });

  $memberList.on('click', 'button.person', function () {
    var peer = $(this).data('name');
    var key = conversationNamed(peer) || DIRECT + '?' + peer;
    conversation(key, peer);
    switchTo(key);
    $message.trigger('focus');
  });

  $('#block').on('click', function () {
    if (isDirect(current)) {
      send({ type: $(this).data('blocked') ? 'unblock' : 'block', name: rooms[current].peer });
    }
  });

  $roomList.add($directList).on('click', 'button.leave', function () {
    var name = $(this).data('room');
    if (!isDirect(name)) { send({ type: 'leave', room: name }); }
    delete rooms[name];
    roomOrder = roomOrder.filter(function (n) { return n !== name; });
    pending = pending.filter(function (p) { return p.room !== name; });
    switchTo(name === current ? FIRST_ROOM : current);
  });

  $('#send').on('submit', function (e) {
    e.preventDefault();
    var text = $message.val();
    if ($.trim(text) === '') { return; }
    $message.val('');
    sendTyping(false);
    postMessage(text);
  });

  $message.on('input', function () {
    sendTyping($message.val() !== '');
  });

  $('#rename').on('submit', function (e) {
    e.preventDefault();
    send({ type: 'rename', name: $.trim($renameName.val()) });
  });

  // ------------------------------------------------------------ handlers: socket
  function dropped(reason, details) {
    ready = false;
    Object.keys(rooms).forEach(function (name) { rooms[name].typing = newMap(); });
    renderTyping();
    if (!wantOnline) { setStatus('offline'); return; }
    if (reason === 'io server disconnect') {
      // The server closed this connection for what it sent; its error said why.
      showError('Disconnected by the server.');
      scheduleReconnect();
    } else if (closeCode(details) === 1012) {
      // 1012, service restart: this instance is stopping and the others behind the load balancer
      // are not, so the library's first attempt goes now rather than after its backoff. Only the
      // first: the delay is set back as that attempt starts, so that a failed one is followed by
      // the usual backoff, not by a tight loop.
      socket.io.reconnectionDelay(0);
      restartRetry = true;
      setStatus('offline', 'reconnecting…');
    } else {
      setStatus('offline', 'reconnecting…');
    }
  }

  // The WebSocket close code behind a Socket.io disconnect, when there was one (none over polling).
  function closeCode(details) {
    var event = details && (details.context || details.description);
    return event && typeof event.code === 'number' ? event.code : null;
  }

  var handlers = {
    welcome: function (f) {
      everOnline = true;
      attempt = 0;
      if (f.token) { localStorage.setItem(TOKEN_KEY, f.token); }
      if (f.name !== wantedName && f.name !== myName) {
        appendEntry(current, { kind: 'notice', text: 'You are ' + f.name + ' (the name ' + wantedName
          + ' was taken or not allowed; it is asked for again on every reconnect).' });
      }
      // The name the user chose is kept, not this one: the next connect asks for it again.
      myName = f.name;
      $myName.text(myName);
      $renameName.val(myName);
      renderOnline(f.online);
      setStatus('online');
      ready = true;
      // Rejoin every room, asking only for what was missed; pending messages go out once joined.
      roomOrder.forEach(function (name) { if (!isDirect(name)) { join(name, rooms[name].lastId); } });
      // The same for direct messages: those missed, or the latest on the first connect.
      me = f.person;
      directsAnswered = false;
      askDirects();
    },
    directs: function (f) {
      if (f.ref !== directsRef) { return; }
      if (lastDirectId && !f.complete) {
        Object.keys(rooms).filter(isDirect).forEach(function (key) { appendEntry(key, { kind: 'gap' }); });
      }
      f.messages.forEach(function (m) { handlers.direct(m); });
      directsAnswered = true;
      lastDirectId = newestDirectId;
      pending.forEach(function (p) { if (p.to) { send(frameOf(p)); } });
      renderRooms();
    },
    // A direct message, to or from this person, on whichever of its connections.
    direct: function (m) {
      var mine = m.sender === me;
      var handle = mine ? m.recipient : m.sender;
      var peer = mine ? m.to : m.from;
      var key = DIRECT + handle;
      adopt(DIRECT + '?' + peer, key);
      var c = conversation(key, peer, handle);
      if (m.ref) {
        pending = pending.filter(function (p) { return p.ref !== m.ref; });
        if (key === current) { $messages.children('.pending[data-ref="' + m.ref.replace(/"/g, '') + '"]').remove(); }
      }
      if (!newestDirectId || m.id > newestDirectId) { newestDirectId = m.id; }
      if (directsAnswered) { lastDirectId = newestDirectId; }
      if (c.seen[m.id]) { return; }
      c.seen[m.id] = true;
      if (!c.newestId || m.id > c.newestId) { c.newestId = m.id; }
      var readUpTo = localStorage.getItem(READ_KEY + handle);
      appendEntry(key, { kind: 'message', message: m }, mine || (readUpTo !== null && m.id <= readUpTo));
      if (key === current) { markRead(key); $roomTitle.text('Direct: ' + peer); renderMembers(); }
      renderRooms();
    },
    blocks: function (f) {
      blocked = f.names;
      renderBlockButton();
      appendEntry(current, { kind: 'notice', text: f.names.length
        ? 'You block direct messages from ' + f.names.join(', ') + '.' : 'You block nobody.' });
    },
    joined: function (f) {
      var r = room(f.room);
      var resumed = r.lastId !== null;
      if (resumed && !f.complete) { appendEntry(f.room, { kind: 'gap' }); }
      f.history.forEach(function (m) { handlers.message(m); });
      r.members = f.members;
      if (f.room === current) { renderMembers(); }
      pending.forEach(function (p) {
        if (p.room === f.room) { send(frameOf(p)); }
      });
      renderRooms();
    },
    message: function (m) {
      var r = room(m.room);
      if (m.ref) {
        pending = pending.filter(function (p) { return p.ref !== m.ref; });
        if (m.room === current) { $messages.children('.pending[data-ref="' + m.ref.replace(/"/g, '') + '"]').remove(); }
      }
      if (r.seen[m.id]) { return; }
      r.seen[m.id] = true;
      r.lastId = m.id;
      delete r.typing[m.from];
      if (m.room === current) { renderTyping(); }
      appendEntry(m.room, { kind: 'message', message: m });
    },
    presence: function (f) {
      var r = room(f.room);
      if (f.event !== 'rename') { refreshOnlineSoon(); }
      if (f.event === 'join') {
        if (r.members.indexOf(f.name) < 0) { r.members.push(f.name); }
        appendEntry(f.room, { kind: 'notice', text: f.name + ' joined' });
      } else if (f.event === 'leave') {
        r.members = r.members.filter(function (n) { return n !== f.name; });
        delete r.typing[f.name];
        appendEntry(f.room, { kind: 'notice', text: f.name + ' left' });
      } else if (f.event === 'rename') {
        r.members = r.members.map(function (n) { return n === f.previous ? f.name : n; });
        appendEntry(f.room, { kind: 'notice', text: f.previous + ' is now ' + f.name });
      }
      if (f.room === current) { renderMembers(); renderTyping(); }
    },
    // A large room's changes since the last diff, net: leaves first, then joins, as set operations.
    presence_diff: function (f) {
      var r = room(f.room);
      refreshOnlineSoon();
      r.members = r.members.filter(function (n) { return f.leaves.indexOf(n) < 0; });
      f.leaves.forEach(function (n) { delete r.typing[n]; });
      f.joins.forEach(function (n) { if (r.members.indexOf(n) < 0) { r.members.push(n); } });
      var said = [];
      if (f.joins.length) { said.push(summarize(f.joins) + ' joined'); }
      if (f.leaves.length) { said.push(summarize(f.leaves) + ' left'); }
      if (said.length) { appendEntry(f.room, { kind: 'notice', text: said.join('; ') }); }
      if (f.room === current) { renderMembers(); renderTyping(); }
    },
    renamed: function (f) {
      Object.keys(rooms).forEach(function (name) {
        rooms[name].members = rooms[name].members.map(function (n) { return n === f.previous ? f.name : n; });
      });
      myName = f.name;
      wantedName = f.name; // chosen by the user, so it is the one to keep
      localStorage.setItem(NAME_KEY, wantedName);
      $myName.text(myName);
      renderMembers();
    },
    typing: function (f) {
      var r = room(f.room);
      clearTimeout(r.typing[f.name]);
      if (f.active) {
        r.typing[f.name] = setTimeout(function () { delete r.typing[f.name]; renderTyping(); }, TYPING_SHOW_MS);
      } else {
        delete r.typing[f.name];
      }
      if (f.room === current) { renderTyping(); }
    },
    pong: function () {},
    error: function (f) {
      if (f.ref && f.ref === directsRef) {
        // Not answered now (the store away, the rate): asked again, or the gap would stay.
        setTimeout(function () { if (directsRef === f.ref && ready) { askDirects(); } }, RATE_RETRY_MS);
        return;
      }
      var refused = pending.filter(function (p) { return p.ref === f.ref; })[0];
      if (refused && f.code === 'rate_limited') {
        // Not refused for what it says: it stays pending and is offered again (its ref makes a
        // second copy impossible), as after a reconnect that sends many pending messages at once.
        setTimeout(function () {
          if (pending.indexOf(refused) >= 0) { send(frameOf(refused)); }
        }, RATE_RETRY_MS);
        showError(f.message + ' (' + f.code + '); it will be sent again');
        return;
      }
      if (refused) {
        // The server refused this message: stop offering it, and give the text back to edit or resend.
        pending = pending.filter(function (p) { return p !== refused; });
        if ($message.val() === '') { $message.val(refused.text); }
        renderMessages();
      }
      showError(f.message + ' (' + f.code + ')');
    }
  };

  setInterval(refreshOnline, ONLINE_REFRESH_MS);

  // Back online: try now rather than at the end of the current backoff.
  window.addEventListener('online', function () {
    if (wantOnline && socket && !socket.connected && !socket.active) { attempt = 0; connect(); }
  });

  window.addEventListener('beforeunload', function () { wantOnline = false; });
});
