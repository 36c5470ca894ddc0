// REST client of `tianmu serve` (/api/v1): bearer token, JSON in and out, errors as messages.

export interface ApiError {
  status: number;
  message: string;
}

export class Api {
  constructor(private readonly token: string) {}

  async get<T>(path: string): Promise<T> {
    return this.request<T>("GET", path);
  }

  async post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>("POST", path, body);
  }

  /** A non-JSON resource (e.g. a certification report's HTML) as text. */
  async text(path: string): Promise<string> {
    const response = await fetch(`/api/v1${path}`, {
      headers: { Authorization: `Bearer ${this.token}` },
    });
    const body = await response.text();
    if (!response.ok) throw { status: response.status, message: body } satisfies ApiError;
    return body;
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json: unknown = text ? JSON.parse(text) : {};
    if (!response.ok) {
      const message =
        (json as { error?: { message?: string } }).error?.message ?? response.statusText;
      throw { status: response.status, message } satisfies ApiError;
    }
    return json as T;
  }
}

export function errorText(e: unknown): string {
  const error = e as Partial<ApiError>;
  return error.status !== undefined ? `${error.status}: ${error.message}` : String(e);
}
