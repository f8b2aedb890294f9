/** kubectl command family: exec (see index.ts for dispatch). */
import type { CommandHandler } from './types.ts';

export const EXEC_COMMANDS: Record<string, CommandHandler> = {};
