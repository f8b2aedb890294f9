/** kubectl command family: mutate (see index.ts for dispatch). */
import type { CommandHandler } from './types.ts';

export const MUTATE_COMMANDS: Record<string, CommandHandler> = {};
