// The Socket.io tutorial's chat server (https://socket.io/docs/v4/tutorial), as the peer the
// benchmark compares the WAR with. The tutorial's one handler is kept as it is: a
// "chat message" goes to everyone with io.emit. Two handlers are added for the other
// scenarios: rooms (join a room, emit to it), and an acknowledged echo for round trips.
// And the chat's own events over Socket.io, as the WAR maps them (docs/protocol.adoc,
// "Socket.io clients"), so that one load tool drives both servers with the same Socket.io
// wire: join {room} (acknowledged), message {room, text} (to the room, with an id, the
// sender and a time, as the WAR sends it), ping {ref} (acknowledged with a pong).
// No page is served. Both transports are on: the load tool uses websocket or polling.
const { createServer } = require('node:http');
const { Server } = require('socket.io');

const port = Number(process.env.PORT || 3000);
const server = createServer();
const io = new Server(server, { transports: ['polling', 'websocket'] });
let ids = 0;

io.on('connection', (socket) => {
  socket.on('chat message', (msg) => {
    io.emit('chat message', msg);
  });
  socket.on('join', (room, ack) => {
    const name = typeof room === 'object' && room !== null ? room.room : room;
    socket.join(name);
    if (typeof ack === 'function') ack(typeof room === 'object' ? { type: 'joined', room: name, members: [], history: [], complete: true } : undefined);
  });
  socket.on('room message', (room, msg) => {
    io.to(room).emit('chat message', msg);
  });
  socket.on('message', (m) => {
    if (!m || typeof m.room !== 'string' || typeof m.text !== 'string') return;
    io.to(m.room).emit('message', { room: m.room, id: String(++ids).padStart(19, '0'), from: socket.id,
      text: m.text, ts: new Date().toISOString() });
  });
  socket.on('ping', (p, ack) => {
    if (typeof ack === 'function') ack({ type: 'pong', ref: p && p.ref });
  });
  socket.on('echo', (msg, ack) => {
    if (typeof ack === 'function') ack(msg);
  });
});

server.listen(port, '127.0.0.1', () => {
  console.log(`socket.io chat on 127.0.0.1:${port}`);
});
