/** The StatefulSet Basics tutorial as a guided lesson: read a step, run it, watch the diagram. */
import { useState } from 'react';
import { BASICS } from '../../tutorial/basics.ts';
import { useT } from '../../i18n/useT.ts';
import { useSim } from '../../sim/context.ts';
import { useAppStore } from '../../store/index.ts';
import { selectLang } from '../../store/selectors.ts';

export function Tutorial() {
  const t = useT();
  const sim = useSim();
  const lang = useAppStore(selectLang);
  const [outputs, setOutputs] = useState<Record<string, string>>({});
  const [running, setRunning] = useState<string | undefined>();
  const runStep = async (id: string) => {
    const step = BASICS.find((s) => s.id === id);
    if (!step || !sim) return;
    setRunning(id);
    if (step.yaml) useAppStore.getState().setYaml(step.yaml);
    let text = '';
    for (const command of step.commands) {
      const result = await sim.kubectl(command, step.yaml ?? useAppStore.getState().yaml);
      text += `$ ${command}\n${result.stdout}${result.stderr}`;
    }
    setOutputs((o) => ({ ...o, [id]: text.replace(/\n$/, '') }));
    setRunning(undefined);
  };
  return (
    <div className="tutorial">
      <p className="muted">{t('tutorial.intro')}</p>
      <ol className="steps">
        {BASICS.map((step) => (
          <li key={step.id} data-step={step.id}>
            <h3 className="h4">{step.title[lang]}</h3>
            <p>{step.text[lang]}</p>
            <pre className="step-commands">{step.commands.map((c) => `$ ${c}`).join('\n')}</pre>
            <button type="button" className="small primary" disabled={!sim || running !== undefined} onClick={() => void runStep(step.id)}>
              {t('tutorial.run')}
            </button>
            {outputs[step.id] ? (
              <pre className="console-log step-output" data-step-output={step.id}>
                {outputs[step.id]}
              </pre>
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
