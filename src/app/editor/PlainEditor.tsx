/**
 * YamlEditor.tsx for the classic-script build (src/tools/hosting/plugin.ts swaps it in): that bundle
 * runs only in a document with an opaque origin (an iframe sandboxed without allow-same-origin), where
 * Monaco could start none of its workers, so the editor is the same plain textarea EditorPane shows
 * while Monaco loads. Keeping Monaco out also keeps that bundle small.
 */
import type { YamlEditorProps } from './YamlEditor.tsx';

export default function PlainEditor({ value, onChange, onApply, ariaLabel }: YamlEditorProps) {
  return (
    <textarea
      className="plain-editor"
      aria-label={ariaLabel}
      value={value}
      spellCheck={false}
      onChange={(e) => onChange(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          onApply();
        }
      }}
    />
  );
}
