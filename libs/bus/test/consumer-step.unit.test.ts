import { compose, type Step } from '../src/consumer-step';
import { deliveryOf, messageOf } from './deliveries';

describe('consumer steps composed', () => {
  const trail: string[] = [];
  const step =
    (name: string): Step =>
    async (_delivery, next) => {
      trail.push(`${name} in`);
      await next();
      trail.push(`${name} out`);
    };
  beforeEach(() => trail.splice(0));

  it('runs each step around the ones after it, in the order given', async () => {
    await compose([step('a'), step('b'), step('c')])(deliveryOf(messageOf('{}')));
    expect(trail).toEqual(['a in', 'b in', 'c in', 'c out', 'b out', 'a out']);
  });

  it('stops where a step does not call next', async () => {
    const stop: Step = async () => void trail.push('stop');
    await compose([step('a'), stop, step('never')])(deliveryOf(messageOf('{}')));
    expect(trail).toEqual(['a in', 'stop', 'a out']);
  });

  it('runs the rest again each time a step calls next again', async () => {
    const twice: Step = async (_delivery, next) => {
      await next();
      await next();
    };
    await compose([twice, step('b')])(deliveryOf(messageOf('{}')));
    expect(trail).toEqual(['b in', 'b out', 'b in', 'b out']);
  });

  it('lets an error of an inner step reach the outer ones', async () => {
    const seen: unknown[] = [];
    const catcher: Step = async (_delivery, next) => {
      try {
        await next();
      } catch (err) {
        seen.push(err);
      }
    };
    const failing: Step = async () => {
      throw new Error('inner');
    };
    await compose([catcher, step('b'), failing])(deliveryOf(messageOf('{}')));
    expect(seen).toEqual([new Error('inner')]);
    expect(trail).toEqual(['b in']);
  });
});
