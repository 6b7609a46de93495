import type { Role } from "../store/types.js";

export interface Person {
  id: number;
  name: string;
  username?: string;
}

/** Who acts, and as what: every domain service checks roles itself, not only the bot's buttons. */
export interface Actor {
  person: Person;
  role: Role;
}

/** A person the bot serves, as the team service hands them out. */
export interface Member extends Person {
  role: Role;
  /** Named in ADMIN_IDS: an administrator by configuration, not removable from the bot. */
  configured: boolean;
}

export const actorOf = (member: Member): Actor => ({
  person: { id: member.id, name: member.name, ...(member.username ? { username: member.username } : {}) },
  role: member.role,
});

/** A Telegram user as far as we care: id and name. */
export interface UserLike {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
}

export function personOf(user: UserLike): Person {
  return {
    id: user.id,
    name: [user.first_name, user.last_name].filter(Boolean).join(" "),
    ...(user.username ? { username: user.username } : {}),
  };
}
