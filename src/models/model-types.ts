/**
 * The provider-neutral conversation: what the cell's loop sends through the broker, what the audit
 * log records next to the exact provider bodies, and what every model adapter translates to and from
 * its provider's wire format.
 */

export interface TextBlock {
  type: 'text';
  text: string;
}

export interface ToolUseBlock {
  type: 'tool_use';
  /** Unique within the conversation; the matching `tool_result` names it. */
  id: string;
  name: string;
  input: Record<string, unknown>;
}

export interface ToolResultBlock {
  type: 'tool_result';
  toolUseId: string;
  /** What the tool printed (the `csp` JSON on stdout), or a JSON error object when it failed. */
  content: string;
  isError?: boolean;
}

export type ContentBlock = TextBlock | ToolUseBlock | ToolResultBlock;

/** Assistant messages hold text and tool_use blocks; user messages hold text and tool_result blocks. */
export interface ModelMessage {
  role: 'user' | 'assistant';
  content: ContentBlock[];
}

/** A tool as offered to the model. */
export interface ModelTool {
  name: string;
  description: string;
  /** JSON Schema of the input object. */
  inputSchema: Record<string, unknown>;
}

export interface ModelRequest {
  /**
   * `route`: choose the skill of a turn; `tools` then holds only `choose_skill`, whose answer names
   * the skill and the reason. `turn`: one step of the tool-use loop of a skill.
   */
  purpose: 'route' | 'turn';
  system: string;
  messages: ModelMessage[];
  tools: ModelTool[];
  /** Output token limit of this call. */
  maxTokens: number;
  /** The skill the turn runs (`turn` only). Providers do not send it; the demo model reads it. */
  skill?: string;
}

export type StopReason = 'end_turn' | 'tool_use' | 'max_tokens' | 'refusal' | 'other';

export interface ModelUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface ModelResponse {
  /** Text and tool_use blocks, in the order the model produced them. */
  content: Array<TextBlock | ToolUseBlock>;
  stopReason: StopReason;
  usage: ModelUsage;
  /** The model that answered, as the provider names it. */
  model: string;
}

/** One attempt's request exactly as sent to the provider (credentials already replaced by ids). */
export interface ProviderCall {
  attempt: number;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** One attempt's answer exactly as received (the whole body, or as far as it got when aborted). */
export interface ProviderReply {
  attempt: number;
  status: number;
  headers: Record<string, string>;
  /** The raw body: text, or base64 when `bodyEncoding` says so (binary event streams). */
  body: string;
  bodyEncoding?: 'base64';
  /** False when the body stopped early (abort, connection lost). */
  complete: boolean;
}

export interface ConverseOptions {
  /** Aborts the call, also mid-stream. The adapter then rejects with the signal's reason. */
  signal: AbortSignal;
  /** Before each attempt is sent; the send waits for it (the broker makes the record durable first). */
  onProviderRequest?(call: ProviderCall): Promise<void>;
  /** After each attempt's answer has been read (or the read stopped). */
  onProviderResponse?(reply: ProviderReply): Promise<void>;
  /** Text as it streams in. */
  onTextDelta?(text: string): void;
}

/** A model provider behind one selection string (`anthropic:claude-sonnet-4-5`, `offline`...). */
export interface ModelAdapter {
  /** The selection string it was built from. */
  readonly id: string;
  /** True for the offline demo model, whose answers say so. */
  readonly demo: boolean;
  converse(request: ModelRequest, options: ConverseOptions): Promise<ModelResponse>;
}

/** The routing tool every `route` request offers. */
export const chooseSkillToolName = 'choose_skill';
