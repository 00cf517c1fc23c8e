'use strict';
// The action's main step (action.yml `runs.main`): the bundle is dist/action.js, built with the CLI.
require('../dist/action.js').runMainStep();
