/** The playground's default example: headless Service nginx and StatefulSet web (3 replicas, claim www 1Gi). */
import { SERVICE, statefulSet } from './manifests.ts';

export const DEFAULT_EXAMPLE = `${SERVICE}---\n${statefulSet({ replicas: 3 })}`;
