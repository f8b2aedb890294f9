/** kubectl command family: get (see index.ts for dispatch). */
import type { CommandHandler } from './types.ts';

export const GET_COMMANDS: Record<string, CommandHandler> = {};
