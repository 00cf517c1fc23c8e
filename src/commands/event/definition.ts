import type { Command } from 'commander';
import type { CliIO } from '../../cli/io.ts';
import type { ResultSink } from '../../cli/result.ts';
import { EVENT_USAGE } from '../../trace/vscli-grammar.ts';
import { eventResult } from './direct.ts';

const EVENT_HELP = `
Examples, in ValueStream's \`vscli event\` grammar verbatim (vscli is installed as a second name for vstrace):
  TRACEID="$(vscli event -tag='source|gcloud' -tag='service|api' -type=pipeline start)"
  BUILD="$(vscli event -type=build -tag='type|docker' start -parent-event-id=vstrace-customhttp-pipeline-default-\${TRACEID})"
  vscli event -type=build end -event-id=\${BUILD}
  vscli event -type=pipeline end -event-id=\${TRACEID} -error -exit-code=2

${EVENT_USAGE}`;

export function defineEvent(program: Command, io: CliIO, result: ResultSink): void {
  program
    .command('event')
    .summary("ValueStream's vscli event grammar: -type=… -tag='k|v' start|end")
    .argument('[words...]', 'flags and start/end, in any order')
    .allowUnknownOption()
    .helpOption('--help')
    .addHelpText('after', EVENT_HELP)
    .action((words: string[]) => {
      result(eventResult(words, io.env));
    });
}
