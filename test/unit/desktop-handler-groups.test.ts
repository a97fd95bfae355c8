import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAgainstContract, mergeHandlers } from '../../src-main/services/merge-handlers.js';
import { DESKTOP_API } from '../../src-shared/contract/desktop-api.js';

const ok = () => ({ ok: true });

describe('mergeHandlers', () => {
  it('merges groups into one table', () => {
    const merged = mergeHandlers([{ 'a.one': ok }, { 'b.one': ok, 'b.two': ok }]);
    expect([...merged.keys()]).toEqual(['a.one', 'b.one', 'b.two']);
  });

  it('refuses a method two groups implement, naming it, instead of letting the later one win', () => {
    expect(() => mergeHandlers([{ 'photos.fix': ok }, { 'persons.get': ok }, { 'photos.fix': () => ({ ok: false }) }])).toThrow(/“photos\.fix” is implemented by two handler groups/);
  });
});

describe('checkAgainstContract', () => {
  it('accepts exactly the contract methods', () => {
    expect(() => checkAgainstContract(mergeHandlers([{ 'a.one': ok, 'a.two': ok }]), ['a.one', 'a.two'])).not.toThrow();
  });

  it('names a contract method without a handler', () => {
    expect(() => checkAgainstContract(mergeHandlers([{ 'a.one': ok }]), ['a.one', 'sync.pull', 'photos.fix'])).toThrow('desktop-api: no handler for sync.pull, photos.fix');
  });

  it('names a handler the contract does not have', () => {
    expect(() => checkAgainstContract(mergeHandlers([{ 'a.one': ok, 'a.old': ok }]), ['a.one'])).toThrow(/contract does not have: a\.old/);
  });
});

describe('where a handler lives', () => {
  const dir = path.resolve(import.meta.dirname, '../../src-main/services');
  const groupFiles = fs.readdirSync(dir).filter((f) => f.endsWith('-handlers.ts'));
  const kebab = (prefix: string) => prefix.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

  it('the handler of a.b is in a-handlers.ts and in no other group file', () => {
    for (const method of Object.keys(DESKTOP_API)) {
      const home = `${kebab(method.split('.')[0]!)}-handlers.ts`;
      const holders = groupFiles.filter((f) => fs.readFileSync(path.join(dir, f), 'utf8').includes(`'${method}': `));
      expect(holders, method).toEqual([home]);
    }
  });
});
