import { accountCommand } from './account';
import { selectCommand, streamsCommand } from './streams';
import { serveCommand } from './serve';
import { syncCommand } from './sync';
import { demoCommand } from './demo';
import { osfCommand } from './osf';
import { filesCommand } from './files';
import { exportCommand } from './export';
import { eventsCommand, sourcesCommand } from './sources';
import type { Command } from './args';

export { UsageError, type CommandContext } from './args';

export const commands: Record<string, Command> = {
  account: accountCommand,
  streams: streamsCommand,
  select: selectCommand,
  sources: sourcesCommand,
  events: eventsCommand,
  serve: serveCommand,
  sync: syncCommand,
  demo: demoCommand,
  osf: osfCommand,
  files: filesCommand,
  export: exportCommand,
};
