import type { Invite, InviteStore } from "../types.js";

export class MemoryInviteStore implements InviteStore {
  private readonly invites = new Map<string, Invite>();

  constructor(private readonly clock: () => number) {}

  private live(token: string): Invite | undefined {
    const invite = this.invites.get(token);
    if (invite && invite.expiresAt <= this.clock()) this.invites.delete(token);
    return this.invites.get(token);
  }

  async create(invite: Invite): Promise<void> {
    this.invites.set(invite.token, { ...invite });
  }

  async take(token: string): Promise<Invite | undefined> {
    const invite = this.live(token);
    this.invites.delete(token);
    return invite;
  }

  async revoke(token: string): Promise<boolean> {
    return (await this.take(token)) !== undefined;
  }

  async list(): Promise<Invite[]> {
    return [...this.invites.keys()]
      .map((token) => this.live(token))
      .filter((invite): invite is Invite => invite !== undefined)
      .sort((a, b) => a.createdAt - b.createdAt);
  }
}
