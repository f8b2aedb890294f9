/** kubectl command family: describe (see index.ts for dispatch). */
import type { CommandHandler } from './types.ts';

export const DESCRIBE_COMMANDS: Record<string, CommandHandler> = {};
