/**
 * `khoros2intercom rollback`: undoes what provision and import wrote to Intercom, from the
 * write ledger, newest first: deletes what the tool created, writes the before-images of
 * pre-existing contacts back, archives the attributes it created (the API cannot delete them).
 * `--run ID` undoes one run's writes, `--all` every run's, `--sample` every sample
 * migration's (`migrate --sample N`; refused once a non-sample run wrote after it); one of
 * them is required;
 * `--only` limits the kinds; `--preview` lists every undo and writes nothing. Prints the
 * summary as JSON on stdout, progress on stderr. Kill it and rerun it: it resumes. Exit 3
 * when a rate limit or an outage stopped it (rerun), 2 for bad options, 1 when an undo was
 * refused or writes left in flight by import or provision block it (the message says which).
 */
import type { CommandModule } from 'yargs';
import { workspaceCommand } from '../workspace-command.ts';
import { createIntercomClient } from '../../pipeline/intercom/create-intercom-client.ts';
import { ROLLBACK_KINDS, runRollback } from '../../pipeline/rollback.ts';
import { checkChoice } from '../../pipeline/rollback/resolve-scope.ts';

interface RollbackArgs {
  config: string;
  workspace?: string;
  run?: string;
  all?: boolean;
  sample?: boolean;
  only?: string | string[];
  preview?: boolean;
}

/** `--only` as a list (yargs answers a string, or an array when repeated). */
function onlyOf(args: RollbackArgs): string[] | undefined {
  return args.only === undefined ? undefined : [args.only].flat().map(String);
}

/** The yargs module of `rollback`. */
export const rollbackCommand: CommandModule<object, RollbackArgs> = {
  command: 'rollback',
  describe: 'Undo what provision and import wrote to Intercom, from the ledger (resumable; --preview writes nothing)',
  builder: (y) =>
    y
      .option('config', { type: 'string', demandOption: true, describe: 'Config file (the Intercom token needs write access)' })
      .option('workspace', { type: 'string', describe: 'Workspace file (default: the config\'s workspace)' })
      .option('run', { type: 'string', describe: 'Undo the writes of this run (an id of the runs table)' })
      .option('all', { type: 'boolean', describe: 'Undo the writes of every run' })
      .option('sample', { type: 'boolean', describe: 'Undo every sample migration (migrate --sample N), provision included; refused once a non-sample run wrote after it' })
      .option('only', { type: 'string', describe: `Only these kinds, comma-separated: ${Object.keys(ROLLBACK_KINDS).join(', ')}` })
      .option('preview', { type: 'boolean', default: false, describe: 'List every undo (object type, Intercom id, action, ledger seq); write nothing' })
      .check((argv) => {
        checkChoice({ runId: argv.run, all: argv.all, sample: argv.sample, only: onlyOf(argv) });
        return true;
      }),
  handler: (args) =>
    workspaceCommand('rollback', args, { stage: 'rollback', runArgs: { run: args.run ?? null, all: args.all === true, sampleRuns: args.sample === true, only: onlyOf(args) ?? null, preview: args.preview === true } },
      async ({ config, workspace }) => {
        const summary = await runRollback({
          workspace, intercom: createIntercomClient(config.intercom), runId: args.run, all: args.all, sample: args.sample, only: onlyOf(args), preview: args.preview,
          onProgress: (p) => {
            if (p.sent % 50 === 0 || p.sent === p.total) process.stderr.write(`rollback: ${p.sent}/${p.total} (last: ${p.last.action} ${p.last.objectType} ${p.last.intercomId}: ${p.last.status})\n`);
          },
        });
        const notes = [
          ...summary.left.map((group) => `left: ${group.count} ${group.operation} of ${group.objectType}: ${group.reason} (seq ${group.seqs.join(', ')}${group.count > group.seqs.length ? ', …' : ''})\n`),
          ...summary.failures.map((f) => `refused: ${f.endpoint} (undoing seq ${f.seq}): ${f.error}\n`),
        ];
        return { output: summary, stderr: notes.join(''), failed: !summary.complete };
      }),
};
