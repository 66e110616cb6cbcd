// The skills OpenClaw ships. A skill of the same name in a folder OpenClaw ranks higher (the
// workspace's `skills/`, `~/.openclaw/skills`, ...) replaces the shipped one for the agent: OpenClaw
// keys skills by the name they load under and keeps the highest-ranked (docs/openclaw.md).

/**
 * The names OpenClaw 2026.9.6 loads its bundled skills under (its package's `skills/`, each folder's
 * SKILL.md name equal to the folder's), and its custodian skills (`custodian-skills/`, loaded at
 * the same rank for the configured system agent). `npm run parity:openclaw` compares this list with
 * the installed OpenClaw's folders.
 */
export const OPENCLAW_BUNDLED_SKILLS: ReadonlySet<string> = new Set([
  '1password', 'apple-notes', 'apple-reminders', 'bear-notes', 'blogwatcher', 'blucli', 'camsnap', 'clawhub',
  'coding-agent', 'control-ui', 'diagram-maker', 'eightctl', 'gemini', 'gh-issues', 'gifgrep', 'github', 'gog',
  'goplaces', 'healthcheck', 'himalaya', 'mcporter', 'meme-maker', 'model-usage', 'nano-pdf', 'node-connect',
  'node-inspect-debugger', 'notion', 'obsidian', 'openai-whisper', 'openai-whisper-api', 'openhue', 'oracle',
  'ordercli', 'peekaboo', 'python-debugpy', 'sag', 'sherpa-onnx-tts', 'skill-creator', 'songsee', 'sonoscli',
  'spike', 'spotify-player', 'summarize', 'taskflow', 'taskflow-inbox-triage', 'things-mac', 'tmux', 'trello',
  'visualize', 'weather', 'xurl',
  // custodian-skills/
  'add-model-provider', 'cloud-image-bake', 'configure-channel', 'diagnose-gateway',
]);
