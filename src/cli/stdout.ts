import { writeSync } from 'node:fs';
import { stderrLine } from '../warn.ts';

/**
 * A command's text onto stdout with write(2) itself: creating process.stdout
 * loads net, stream and tty, ~4 ms of every `ID=$(vscli event … start)`.
 * A reader that has gone (EPIPE: `vstrace ls | head`) is no error. A
 * descriptor that is non-blocking (EAGAIN: left so by whoever opened it, or
 * by process.stdout itself) hands the rest to process.stdout, which waits
 * for the reader — and every later write follows it there, so bytes keep
 * their order. Any other failure (`>/dev/full`) is said in one line, and
 * `done(true)`: the caller exits non-zero, as `ls >/dev/full` does.
 */
let streaming = false;
let failed = false;

export function writeStdout(text: string, done: (failed: boolean) => void = () => {}): void {
  if (streaming) return void process.stdout.write(text, () => done(false));
  const bytes = Buffer.from(text);
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(1, bytes, written);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EAGAIN') {
      streaming = true;
      process.stdout.write(bytes.subarray(written), () => done(false));
      return;
    }
    if (code !== 'EPIPE') {
      if (!failed) stderrLine(`vstrace: could not write to stdout: ${code ?? String(error)}`);
      failed = true;
      return done(true);
    }
  }
  done(false);
}

/** Calls `then` once everything given to writeStdout has reached the descriptor (at once, unless it fell back to the stream), saying whether a write failed. */
export function afterStdout(then: (failed: boolean) => void): void {
  if (streaming) process.stdout.write('', () => then(failed));
  else then(failed);
}
