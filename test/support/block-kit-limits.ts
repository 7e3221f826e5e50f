/**
 * Checks a message against Block Kit's limits (reference §4) and returns every violation, so a test
 * failure says exactly which limit was broken where. Used by the renderer unit tests and the e2e tests.
 */
const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  textObject: 3000,
  header: 150,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  actionsElements: 25,
};

export function blockKitViolations(message: { text?: unknown; blocks?: unknown }): string[] {
  const problems: string[] = [];
  const blocks = Array.isArray(message.blocks) ? (message.blocks as Array<Record<string, any>>) : [];
  if (typeof message.text !== 'string' || message.text.length === 0) problems.push('no top-level text fallback');
  if (blocks.length > LIMITS.blocks) problems.push(`${blocks.length} blocks > ${LIMITS.blocks}`);
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => {
    const at = `block ${i} (${block.type})`;
    if (block.block_id !== undefined) {
      if (String(block.block_id).length > LIMITS.blockId) problems.push(`${at}: block_id too long`);
      if (blockIds.has(block.block_id)) problems.push(`${at}: duplicate block_id ${block.block_id}`);
      blockIds.add(block.block_id);
    }
    switch (block.type) {
      case 'header':
        if (block.text?.type !== 'plain_text') problems.push(`${at}: header text must be plain_text`);
        checkText(block.text, LIMITS.header, at, problems);
        break;
      case 'section':
        if (block.text) checkText(block.text, LIMITS.sectionText, at, problems);
        if (block.fields) {
          if (block.fields.length > LIMITS.sectionFields) problems.push(`${at}: ${block.fields.length} fields`);
          for (const f of block.fields) checkText(f, LIMITS.fieldText, `${at} field`, problems);
        }
        if (!block.text && !block.fields) problems.push(`${at}: section without text or fields`);
        break;
      case 'context':
        if (!Array.isArray(block.elements) || block.elements.length === 0) problems.push(`${at}: context without elements`);
        else if (block.elements.length > LIMITS.contextElements) problems.push(`${at}: ${block.elements.length} context elements > ${LIMITS.contextElements}`);
        for (const e of block.elements ?? []) checkText(e, LIMITS.textObject, `${at} element`, problems);
        break;
      case 'actions': {
        const elements = (block.elements ?? []) as Array<Record<string, any>>;
        if (elements.length === 0) problems.push(`${at}: actions without elements`);
        if (elements.length > LIMITS.actionsElements) problems.push(`${at}: ${elements.length} elements > ${LIMITS.actionsElements}`);
        const actionIds = new Set<string>();
        for (const e of elements) {
          if (e.type === 'button') {
            if (e.text?.type !== 'plain_text') problems.push(`${at}: button text must be plain_text`);
            checkText(e.text, LIMITS.buttonText, `${at} button`, problems);
            if (typeof e.value === 'string' && e.value.length > LIMITS.buttonValue) problems.push(`${at}: button value too long`);
          }
          if (typeof e.action_id === 'string') {
            if (e.action_id.length > LIMITS.actionId) problems.push(`${at}: action_id too long`);
            if (actionIds.has(e.action_id)) problems.push(`${at}: duplicate action_id ${e.action_id}`);
            actionIds.add(e.action_id);
          }
        }
        break;
      }
      case 'divider':
        break;
      default:
        problems.push(`${at}: unexpected block type`);
    }
  });
  return problems;
}

function checkText(text: any, max: number, at: string, problems: string[]): void {
  if (!text || typeof text.text !== 'string') {
    problems.push(`${at}: missing text object`);
    return;
  }
  if (text.text.length === 0) problems.push(`${at}: empty text`);
  if (text.text.length > max) problems.push(`${at}: text ${text.text.length} > ${max}`);
}
