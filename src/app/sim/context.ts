import { createContext, useContext } from 'react';
import type { SimClient } from './simClient.ts';

export const SimContext = createContext<SimClient | undefined>(undefined);

/** The running simulation client (provided once the engine has started). */
export function useSim(): SimClient | undefined {
  return useContext(SimContext);
}
