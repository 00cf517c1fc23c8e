/** The GitHub Action's bundle (dist/action.js): its two steps, started by action/main.js and action/post.js. */
export { runMainStep } from './main.ts';
export { runPostStep } from './post.ts';
