/**
 * Test page for YamlEditor alone: mounts it through React.lazy, as the app does, with a two-document
 * manifest, and exposes hooks on `window` for src/e2e/editor.e2e.ts. `?lang=zh-CN` and
 * `?theme=dark` set the matching props.
 */
// The `window.__*` hooks are the harness's contract with the test; their names mark them as test-only.
/* oxlint-disable no-underscore-dangle */
import { lazy, StrictMode, Suspense, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { EditorDiagnostic } from '../app/editor/YamlEditor.tsx';

const YamlEditor = lazy(() => import('../app/editor/YamlEditor.tsx'));

// Line numbers matter: the e2e test edits line 2 (kind) and puts an engine diagnostic on line 21.
const HARNESS_MANIFEST = `apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  clusterIP: None
  selector:
    app: nginx
  ports:
  - port: 80
    name: web
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: nginx
  serviceName: nginx
  replicas: 3
  podManagementPolicy: OrderedReady
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.24
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 1Gi
`;

interface MarkerView {
  owner: string;
  message: string;
  severity: number;
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}

declare global {
  interface Window {
    __applyCount: number;
    __value(): string;
    __setValue(value: string): void;
    __setDiagnostics(diagnostics: EditorDiagnostic[]): void;
    __markers(): Promise<MarkerView[]>;
  }
}

window.__applyCount = 0;
window.__markers = async () => {
  // Only after the editor has mounted: by then this resolves to the instance YamlEditor loaded,
  // and the harness never decides when Monaco is first evaluated.
  const { editor } = await import('monaco-editor/editor');
  return editor.getModelMarkers({}).map((m) => ({
    owner: m.owner,
    message: m.message,
    severity: m.severity,
    startLineNumber: m.startLineNumber,
    startColumn: m.startColumn,
    endLineNumber: m.endLineNumber,
    endColumn: m.endColumn,
  }));
};

const params = new URLSearchParams(location.search);
const language = params.get('lang') === 'zh-CN' ? 'zh-CN' : 'en';
const theme = params.get('theme') === 'dark' ? 'dark' : 'light';

function Harness() {
  const [value, setValue] = useState(HARNESS_MANIFEST);
  const [diagnostics, setDiagnostics] = useState<EditorDiagnostic[]>([]);
  useEffect(() => {
    window.__value = () => value;
    window.__setValue = setValue;
    window.__setDiagnostics = setDiagnostics;
  }, [value]);
  return (
    <Suspense fallback={<p role="status">Loading editor…</p>}>
      <YamlEditor
        value={value}
        onChange={setValue}
        diagnostics={diagnostics}
        onApply={() => {
          window.__applyCount += 1;
        }}
        language={language}
        ariaLabel="Kubernetes manifest"
        theme={theme}
      />
    </Suspense>
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Harness />
    </StrictMode>
  );
}
