/**
 * Mocha root hook: importing nock switches its HTTP interception on for the whole process,
 * and mocha imports every spec file before running any. Switch it off before the first
 * test, so that specs against the real local simulators never pass through nock's mock
 * sockets; the specs that use nock switch it on for their own suite (`before`) and off
 * again (`after`).
 */
import nock from 'nock';

export const mochaHooks = {
  beforeAll(): void {
    nock.restore();
  },
};
