// Wrapping monaco-yaml's worker in a file of our own lets Vite bundle it with `?worker`; importing the
// package path with `?worker` directly fails with "Unexpected usage" (monaco-yaml README, Vite FAQ).
import 'monaco-yaml/yaml.worker.js';
