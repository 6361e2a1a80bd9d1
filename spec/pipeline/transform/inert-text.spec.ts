import { expect } from 'chai';
import { inertText } from '../../../pipeline/transform/inert-text.ts';
import { activeHtml } from '../../support/active-html.ts';

describe('inertText', () => {
  it('puts a zero-width space after each < that would open a tag, end tag, comment or declaration', () => {
    expect(inertText('<script>alert(1)</script><!-- x --><?php')).to.equal('<\u200Bscript>alert(1)<\u200B/script><\u200B!-- x --><\u200B?php');
    expect(activeHtml('<img src=x onerror=alert(1)>')).to.deep.equal(['<img onerror>']);
    expect(activeHtml(inertText('<img src=x onerror=alert(1)>'))).to.deep.equal([]);
  });

  it('leaves any other text as it is', () => {
    for (const text of ['2 < 3 and 5 > 4', 'a <3 b', '<', 'héllo 😀', '']) expect(inertText(text)).to.equal(text);
  });
});
