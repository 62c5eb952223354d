import type {
  ChatCompletionContentPartImage,
  ChatCompletionContentPartText,
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';

export type ChatUserPart = ChatCompletionContentPartText | ChatCompletionContentPartImage;

/**
 * Collects a conversation into Chat messages the way Chat servers require it:
 * an assistant turn's text and tool calls on one assistant message, its tool
 * results right after it as `tool` messages, and images from tool results (a
 * `tool` message can hold only text) moved into the user message that follows.
 */
export class ChatMessageBuilder {
  private readonly messages: ChatCompletionMessageParam[] = [];
  private assistant: { text: string[]; toolCalls: ChatCompletionMessageFunctionToolCall[] } | undefined;
  private toolImages: ChatCompletionContentPartImage[] = [];

  /**
   * System text before anything else joins the first system message, since
   * many local chat templates accept only one system message, and only first.
   */
  system(text: string): void {
    this.flush();
    const first = this.messages[0];
    if (this.messages.length === 1 && first?.role === 'system' && typeof first.content === 'string') {
      first.content = `${first.content}\n\n${text}`;
      return;
    }
    this.messages.push({ role: 'system', content: text });
  }

  user(parts: readonly ChatUserPart[]): void {
    this.flushAssistant();
    const all = [...this.toolImages, ...parts];
    this.toolImages = [];
    if (all.length > 0) this.messages.push({ role: 'user', content: userContent(all) });
  }

  assistantText(text: string): void {
    this.flushToolImages();
    this.assistant ??= { text: [], toolCalls: [] };
    if (text !== '') this.assistant.text.push(text);
  }

  toolCall(id: string, name: string, args: string): void {
    this.flushToolImages();
    this.assistant ??= { text: [], toolCalls: [] };
    this.assistant.toolCalls.push({ id, type: 'function', function: { name, arguments: args } });
  }

  toolResult(callId: string, text: string, images: readonly ChatCompletionContentPartImage[]): void {
    this.flushAssistant();
    const note = images.length === 0 ? '' : `(The tool returned ${images.length} image(s), attached to the next user message.)`;
    this.messages.push({ role: 'tool', tool_call_id: callId, content: [text, note].filter((part) => part !== '').join('\n') });
    this.toolImages.push(...images);
  }

  build(): ChatCompletionMessageParam[] {
    this.flush();
    return this.messages;
  }

  private flush(): void {
    this.flushAssistant();
    this.flushToolImages();
  }

  private flushAssistant(): void {
    if (this.assistant === undefined) return;
    const { text, toolCalls } = this.assistant;
    this.assistant = undefined;
    if (text.length === 0 && toolCalls.length === 0) return;
    // Separate assistant messages of one turn become paragraphs of one message.
    const content = text.length === 0 ? null : text.join('\n\n');
    this.messages.push(toolCalls.length === 0 ? { role: 'assistant', content } : { role: 'assistant', content, tool_calls: toolCalls });
  }

  private flushToolImages(): void {
    if (this.toolImages.length === 0) return;
    this.messages.push({ role: 'user', content: this.toolImages });
    this.toolImages = [];
  }
}

/** A plain string where the parts are all text, since some local servers take only strings. */
function userContent(parts: readonly ChatUserPart[]): string | ChatUserPart[] {
  const texts = parts.flatMap((part) => (part.type === 'text' ? [part.text] : []));
  return texts.length === parts.length ? texts.join('\n') : [...parts];
}
