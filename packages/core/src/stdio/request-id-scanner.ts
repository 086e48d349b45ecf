type RequestId = string | number;

/** The longest id kept (longer ones are answered with id null, as if none were found). */
const MAX_ID_CHARS = 256;

/**
 * Finds the top-level `id` and whether a `method` is present in a JSON-RPC message that is read in
 * pieces and never held whole: the line transport refuses an oversize request with an error that
 * carries the request's own id, so the client can match it, without buffering the message. A
 * small state machine over the characters, with constant memory; it stops as soon as it knows.
 */
export class RequestIdScanner {
  #depth = 0;
  #inString = false;
  #escaped = false;
  /** At depth 1, where the next string is a key. */
  #keyPosition = false;
  #stringIsKey = false;
  #key = '';
  #lastKey = '';
  /** After `"id":`, waiting for (or reading) the value. */
  #idValue: { raw: string; kind: 'pending' | 'string' | 'number' } | undefined;
  #id: RequestId | undefined;
  #method = false;
  #done = false;

  /** The request's id and whether it had a method, as far as read. */
  get result(): { id: RequestId | undefined; isRequest: boolean } {
    return { id: this.#id, isRequest: this.#method && this.#id !== undefined };
  }

  /** Reads the next piece of the message. */
  feed(text: string): void {
    for (let index = 0; index < text.length && !this.#done; index++) this.#step(text[index] as string);
  }

  #step(character: string): void {
    const value = this.#idValue;
    if (value?.kind === 'number') {
      if (/[0-9eE+.-]/.test(character)) {
        value.raw += character;
        return;
      }
      this.#settleId();
    }
    if (this.#inString) {
      if (value?.kind === 'string') {
        if (this.#escaped) {
          value.raw += `\\${character}`;
          this.#escaped = false;
        } else if (character === '\\') this.#escaped = true;
        else if (character === '"') {
          this.#inString = false;
          this.#settleId();
        } else value.raw += character;
        if (value.raw.length > MAX_ID_CHARS) this.#idValue = undefined;
        return;
      }
      if (this.#escaped) this.#escaped = false;
      else if (character === '\\') this.#escaped = true;
      else if (character === '"') {
        this.#inString = false;
        if (this.#stringIsKey) {
          this.#lastKey = this.#key;
          if (this.#key === 'method') this.#method = true;
          this.#finishIfKnown();
        }
      } else if (this.#stringIsKey && this.#key.length < 8) this.#key += character;
      return;
    }
    if (character === ' ' || character === '\n' || character === '\r' || character === '\t') return;
    if (this.#depth === 1 && value?.kind === 'pending') {
      if (character === '"') {
        this.#idValue = { raw: '', kind: 'string' };
        this.#inString = true;
        return;
      }
      if (/[0-9-]/.test(character)) {
        this.#idValue = { raw: character, kind: 'number' };
        return;
      }
      // null, an object, an array: no id to answer with; the character is read as usual.
      this.#idValue = undefined;
    }
    if (character === '"') {
      this.#inString = true;
      this.#stringIsKey = this.#depth === 1 && this.#keyPosition;
      this.#key = '';
      this.#keyPosition = false;
      return;
    }
    if (character === ':' && this.#depth === 1 && this.#lastKey === 'id' && this.#id === undefined) {
      this.#idValue = { raw: '', kind: 'pending' };
      this.#lastKey = '';
      return;
    }
    if (character === '{' || character === '[') {
      this.#depth++;
      this.#keyPosition = this.#depth === 1 && character === '{';
      return;
    }
    if (character === '}' || character === ']') {
      this.#depth--;
      if (this.#depth <= 0) this.#done = true;
      return;
    }
    if (character === ',' && this.#depth === 1) {
      this.#keyPosition = true;
      this.#lastKey = '';
    }
  }

  #settleId(): void {
    const value = this.#idValue;
    this.#idValue = undefined;
    if (value === undefined) return;
    if (value.kind === 'string') {
      try {
        this.#id = JSON.parse(`"${value.raw}"`) as string;
      } catch {
        return;
      }
    } else if (value.kind === 'number') {
      const number = Number(value.raw);
      if (Number.isFinite(number)) this.#id = number;
    }
    this.#finishIfKnown();
  }

  #finishIfKnown(): void {
    if (this.#id !== undefined && this.#method) this.#done = true;
  }
}
