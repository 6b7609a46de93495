import type { PeopleStore, PersonRecord } from "../types.js";

export class MemoryPeopleStore implements PeopleStore {
  private readonly people = new Map<number, string>();

  async get(id: number): Promise<PersonRecord | undefined> {
    const json = this.people.get(id);
    return json === undefined ? undefined : (JSON.parse(json) as PersonRecord);
  }

  async list(): Promise<PersonRecord[]> {
    return [...this.people.values()].map((json) => JSON.parse(json) as PersonRecord);
  }

  async put(person: PersonRecord): Promise<void> {
    this.people.set(person.id, JSON.stringify(person));
  }

  async update(
    id: number,
    change: (current: PersonRecord) => PersonRecord,
  ): Promise<PersonRecord | undefined> {
    // Read, change and write without yielding: atomic on one event loop.
    const json = this.people.get(id);
    if (json === undefined) return undefined;
    const next = change(JSON.parse(json) as PersonRecord);
    this.people.set(id, JSON.stringify(next));
    return next;
  }

  async remove(id: number): Promise<boolean> {
    return this.people.delete(id);
  }
}
