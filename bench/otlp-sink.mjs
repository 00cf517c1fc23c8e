// A minimal OTLP/HTTP endpoint for bench/export.mjs, in its own process (the
// benchmark's measuring loop blocks its own). Mode: up | hang | 500 | 429.
// Prints the port it listens on, then serves until killed.
import { createServer } from 'node:http';

const mode = process.argv[2] ?? 'up';
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (mode === 'hang') return; // accept, never answer
    if (mode === '500') return void res.writeHead(500).end();
    if (mode === '429') return void res.writeHead(429, { 'retry-after': '1' }).end();
    res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
