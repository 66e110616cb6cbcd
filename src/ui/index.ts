// How library commands talk to a person without knowing about terminals: a sink for human text,
// a confirm prompt that refuses (EREVIEW) when nobody is there to answer, and a progress counter.

import { SkillpinError } from '../errors.js';

export interface Prompter {
  confirm(question: string): Promise<boolean>;
}

export interface UI {
  /** Human text for the person (stdout normally, stderr under --json). */
  info(text: string): void;
  /** Diagnostics and warnings (stderr). */
  warn(text: string): void;
  /** True when a person can answer prompts. */
  interactive: boolean;
  prompter: Prompter | null;
  /** Progress of long work; a no-op when not a TTY or under --json. */
  progress(done: number, total: number, label: string): void;
}

export function silentUI(): UI {
  return { info: () => {}, warn: () => {}, interactive: false, prompter: null, progress: () => {} };
}

/** Ask a yes/no question; without a terminal it is EREVIEW (exit 3), never a silent yes. */
export async function confirmOrRefuse(ui: UI, question: string, what: string, hint: string): Promise<boolean> {
  if (!ui.interactive || !ui.prompter) {
    throw new SkillpinError('EREVIEW', `${what} needs a review and there is no terminal to ask`, { hint });
  }
  return ui.prompter.confirm(question);
}
