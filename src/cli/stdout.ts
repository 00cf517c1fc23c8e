import { writeSync } from 'node:fs';

/**
 * A command's text onto stdout with write(2) itself: creating process.stdout
 * loads net, stream and tty, ~4 ms of every `ID=$(vscli event … start)`.
 * A reader that has gone (EPIPE: `vstrace ls | head`) or a closed stdout is no
 * error: `done` runs and the status stays the command's. A descriptor left
 * non-blocking by whoever opened it (EAGAIN) hands the rest to
 * process.stdout, which waits until the reader takes it.
 */
export function writeStdout(text: string, done: () => void = () => {}): void {
  const bytes = Buffer.from(text);
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(1, bytes, written);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
      process.stdout.on('error', done);
      process.stdout.write(bytes.subarray(written), done);
      return;
    }
  }
  done();
}
