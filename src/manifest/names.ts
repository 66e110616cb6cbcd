// The names a skill's manifest may have, alone in a module: the ClawHub zip reader needs them
// without loading the frontmatter parser (YAML, JSON5) that `skill list` never uses.

/** The names a skill's manifest may have at the folder's root, in order of preference (as OpenClaw and clawhub read them). */
export const SKILL_FILE_NAMES = ['SKILL.md', 'skill.md', 'skills.md', 'SKILL.MD'] as const;
