'use strict';
// The action's post step (action.yml `runs.post`): runs after the job's steps, also when one failed or the job was cancelled.
require('../dist/action.js').runPostStep();
