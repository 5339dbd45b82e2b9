// The Socket.io tutorial's chat server (https://socket.io/docs/v4/tutorial), as the peer the
// benchmark compares the WAR with. The tutorial's one handler is kept as it is: a
// "chat message" goes to everyone with io.emit. Two handlers are added for the other
// scenarios: rooms (join a room, emit to it), and an acknowledged echo for round trips.
// No page is served: the load tool speaks engine.io v4 over the websocket transport.
const { createServer } = require('node:http');
const { Server } = require('socket.io');

const port = Number(process.env.PORT || 3000);
const server = createServer();
const io = new Server(server, { transports: ['websocket'] });

io.on('connection', (socket) => {
  socket.on('chat message', (msg) => {
    io.emit('chat message', msg);
  });
  socket.on('join', (room, ack) => {
    socket.join(room);
    if (typeof ack === 'function') ack();
  });
  socket.on('room message', (room, msg) => {
    io.to(room).emit('chat message', msg);
  });
  socket.on('echo', (msg, ack) => {
    if (typeof ack === 'function') ack(msg);
  });
});

server.listen(port, '127.0.0.1', () => {
  console.log(`socket.io chat on 127.0.0.1:${port}`);
});
