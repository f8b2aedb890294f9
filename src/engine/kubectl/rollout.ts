/** kubectl command family: rollout (see index.ts for dispatch). */
import type { CommandHandler } from './types.ts';

export const ROLLOUT_COMMANDS: Record<string, CommandHandler> = {};
