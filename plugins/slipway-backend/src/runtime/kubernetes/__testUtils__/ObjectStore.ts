type FakeObject = { [field: string]: any };

/** Objects by key (`<apiVersion>/<plural>/<namespace>/<name>`), indexed by type so lists stay cheap. */
export class ObjectStore {
  private readonly byType = new Map<string, Map<string, FakeObject>>();

  private static typeOf(key: string): string {
    return key.split('/').slice(0, -2).join('/');
  }

  get(key: string): FakeObject | undefined {
    return this.byType.get(ObjectStore.typeOf(key))?.get(key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, object: FakeObject) {
    const type = ObjectStore.typeOf(key);
    const map = this.byType.get(type) ?? new Map<string, FakeObject>();
    map.set(key, object);
    this.byType.set(type, map);
  }

  delete(key: string): boolean {
    return this.byType.get(ObjectStore.typeOf(key))?.delete(key) ?? false;
  }

  ofType(type: string): FakeObject[] {
    return [...(this.byType.get(type)?.values() ?? [])];
  }

  entries(): [string, FakeObject][] {
    return [...this.byType.values()].flatMap(map => [...map.entries()]);
  }

  values(): FakeObject[] {
    return [...this.byType.values()].flatMap(map => [...map.values()]);
  }
}
