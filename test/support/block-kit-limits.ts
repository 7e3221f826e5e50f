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

/** Modal views (reference §4): 100 blocks; title, submit and close at most 24 characters. */
const VIEW_LIMITS = { blocks: 100, title: 24, callbackId: 255, privateMetadata: 3000, inputLabel: 2000, hint: 2000 };
/** A `confirm` object (Block Kit reference): title 100, text 300, confirm/deny 30 characters. */
const CONFIRM_LIMITS = { title: 100, text: 300, button: 30 };

/** A modal or Home view: its own limits, then every block's (as for a message, but 100 blocks). */
export function viewViolations(view: Record<string, any>): string[] {
  const problems: string[] = [];
  if (view.type !== 'modal' && view.type !== 'home') problems.push(`view type ${String(view.type)}`);
  if (view.type === 'modal') checkText(view.title, VIEW_LIMITS.title, 'view title', problems);
  for (const key of ['submit', 'close'] as const)
    if (view[key]) checkText(view[key], VIEW_LIMITS.title, `view ${key}`, problems);
  if (typeof view.callback_id === 'string' && view.callback_id.length > VIEW_LIMITS.callbackId)
    problems.push('callback_id too long');
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > VIEW_LIMITS.privateMetadata)
    problems.push('private_metadata too long');
  const hasInput = (view.blocks ?? []).some((b: Record<string, any>) => b.type === 'input');
  if (hasInput && view.type === 'modal' && !view.submit) problems.push('a modal with inputs needs a submit button');
  return [...problems, ...blockKitViolations({ text: 'view', blocks: view.blocks }, { maxBlocks: VIEW_LIMITS.blocks })];
}

export function blockKitViolations(
  message: { text?: unknown; blocks?: unknown },
  options: { maxBlocks?: number } = {},
): string[] {
  const problems: string[] = [];
  const blocks = Array.isArray(message.blocks) ? (message.blocks as Array<Record<string, any>>) : [];
  const maxBlocks = options.maxBlocks ?? LIMITS.blocks;
  if (typeof message.text !== 'string' || message.text.length === 0) problems.push('no top-level text fallback');
  if (blocks.length > maxBlocks) problems.push(`${blocks.length} blocks > ${maxBlocks}`);
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
        if (!Array.isArray(block.elements) || block.elements.length === 0)
          problems.push(`${at}: context without elements`);
        else if (block.elements.length > LIMITS.contextElements)
          problems.push(`${at}: ${block.elements.length} context elements > ${LIMITS.contextElements}`);
        for (const e of block.elements ?? []) checkText(e, LIMITS.textObject, `${at} element`, problems);
        break;
      case 'actions': {
        const elements = (block.elements ?? []) as Array<Record<string, any>>;
        if (elements.length === 0) problems.push(`${at}: actions without elements`);
        if (elements.length > LIMITS.actionsElements)
          problems.push(`${at}: ${elements.length} elements > ${LIMITS.actionsElements}`);
        const actionIds = new Set<string>();
        for (const e of elements) {
          if (e.type === 'button') {
            if (e.text?.type !== 'plain_text') problems.push(`${at}: button text must be plain_text`);
            checkText(e.text, LIMITS.buttonText, `${at} button`, problems);
            if (typeof e.value === 'string' && e.value.length > LIMITS.buttonValue)
              problems.push(`${at}: button value too long`);
            if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger')
              problems.push(`${at}: button style ${String(e.style)}`);
            if (
              e.accessibility_label !== undefined &&
              (typeof e.accessibility_label !== 'string' || e.accessibility_label.length > LIMITS.buttonText)
            ) {
              problems.push(`${at}: accessibility_label too long`);
            }
          }
          if (e.confirm) checkConfirm(e.confirm, `${at} confirm`, problems);
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
      case 'input':
        checkText(block.label, VIEW_LIMITS.inputLabel, `${at} label`, problems);
        if (block.label && block.label.type !== 'plain_text') problems.push(`${at}: input label must be plain_text`);
        if (block.hint) checkText(block.hint, VIEW_LIMITS.hint, `${at} hint`, problems);
        if (!block.element || typeof block.element.action_id !== 'string')
          problems.push(`${at}: input without an element and action_id`);
        if (!block.block_id) problems.push(`${at}: input without a block_id (view_submission values are keyed by it)`);
        break;
      default:
        problems.push(`${at}: unexpected block type`);
    }
  });
  return problems;
}

function checkConfirm(confirm: any, at: string, problems: string[]): void {
  checkText(confirm.title, CONFIRM_LIMITS.title, `${at} title`, problems);
  checkText(confirm.text, CONFIRM_LIMITS.text, `${at} text`, problems);
  checkText(confirm.confirm, CONFIRM_LIMITS.button, `${at} confirm button`, problems);
  checkText(confirm.deny, CONFIRM_LIMITS.button, `${at} deny button`, problems);
}

function checkText(text: any, max: number, at: string, problems: string[]): void {
  if (!text || typeof text.text !== 'string') {
    problems.push(`${at}: missing text object`);
    return;
  }
  if (text.text.length === 0) problems.push(`${at}: empty text`);
  if (text.text.length > max) problems.push(`${at}: text ${text.text.length} > ${max}`);
}
