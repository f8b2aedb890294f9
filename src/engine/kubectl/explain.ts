/** `kubectl explain` placeholder, replaced below. */
import type { CommandHandler } from './types.ts';
export const EXPLAIN_COMMANDS: Record<string, CommandHandler> = {};
