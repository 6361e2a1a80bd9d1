/** Awaits a promise that must reject; checks the error's class and message, returns it. */
import { expect } from 'chai';

export async function rejects(promise: Promise<unknown>, type: new (...args: never[]) => Error, message = ''): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(type);
    expect((error as Error).message).to.include(message);
    return error as Error;
  }
  throw new Error(`expected a ${type.name}, but the promise resolved`);
}
