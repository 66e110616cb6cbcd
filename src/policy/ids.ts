// OpenClaw's agent ids (the keys of agents.entries), for the config's policy.agent and for
// `skill policy --agent`: one rule in both places.
export const AGENT_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
