/**
 * The API has no "my teams" list (only `GET /teams/:id`), so the console remembers, per browser, the teams the
 * user created or opened (by link or id). Ids only; the team itself is always read from the API.
 */
const KEY = 'cadre.tasks.teams';

interface KnownTeam {
  id: string;
  name: string;
}

export function knownTeams(): KnownTeam[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(parsed) ? parsed.filter((t): t is KnownTeam => typeof t?.id === 'string' && typeof t?.name === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberTeam(team: KnownTeam): void {
  const rest = knownTeams().filter((t) => t.id !== team.id);
  localStorage.setItem(KEY, JSON.stringify([{ id: team.id, name: team.name }, ...rest].slice(0, 50)));
}

/** Likewise the bids submitted from this browser (the API lists bids only within their task). */
const BIDS_KEY = 'cadre.tasks.bids';

interface KnownBid {
  bidId: string;
  taskId: string;
  taskTitle: string;
  teamName: string;
}

export function knownBids(): KnownBid[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(BIDS_KEY) ?? '[]') as unknown;
    return Array.isArray(parsed) ? parsed.filter((b): b is KnownBid => typeof b?.bidId === 'string' && typeof b?.taskId === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberBid(bid: KnownBid): void {
  const rest = knownBids().filter((b) => b.bidId !== bid.bidId);
  localStorage.setItem(BIDS_KEY, JSON.stringify([bid, ...rest].slice(0, 100)));
}
