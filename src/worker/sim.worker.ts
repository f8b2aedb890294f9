/// <reference lib="webworker" />
import { createSimHost } from './host.ts';

createSimHost(self as unknown as import('./protocol.ts').Port);
