#include "tianmu/service/http.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace tianmu::service {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool ValidToken(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

std::uint32_t RotateLeft(std::uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

}  // namespace

std::string HttpRequest::Header(const std::string& name) const {
  const auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

std::optional<std::string> PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    const int hi = HexValue(text[i + 1]);
    const int lo = HexValue(text[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

ParseStatus ParseHttpRequest(std::string_view buffer, const HttpLimits& limits,
                             HttpRequest* request, std::size_t* consumed, int* error_status,
                             std::string* error_message) {
  const auto fail = [&](int status, std::string message) {
    *error_status = status;
    *error_message = std::move(message);
    return ParseStatus::kError;
  };
  const std::size_t header_end = buffer.find("\r\n\r\n");
  if (header_end == std::string_view::npos) {
    if (buffer.size() > limits.max_header_bytes) {
      return fail(431,
                  "request headers exceed " + std::to_string(limits.max_header_bytes) + " bytes");
    }
    return ParseStatus::kIncomplete;
  }
  if (header_end + 4 > limits.max_header_bytes) {
    return fail(431,
                "request headers exceed " + std::to_string(limits.max_header_bytes) + " bytes");
  }
  HttpRequest r;
  std::string_view head = buffer.substr(0, header_end);
  const std::size_t line_end = head.find("\r\n");
  std::string_view line = head.substr(0, line_end);
  const std::size_t sp1 = line.find(' ');
  const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp1 == std::string_view::npos || sp2 == std::string_view::npos) {
    return fail(400, "malformed request line");
  }
  r.method = std::string(line.substr(0, sp1));
  r.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
  const std::string_view version = line.substr(sp2 + 1);
  if (!ValidToken(r.method)) return fail(400, "malformed request method");
  if (version != "HTTP/1.1" && version != "HTTP/1.0") {
    return fail(505, "only HTTP/1.1 and HTTP/1.0 are supported");
  }
  if (r.target.empty() || r.target[0] != '/') return fail(400, "request target must be a path");
  const std::size_t qmark = r.target.find('?');
  const auto path = PercentDecode(std::string_view(r.target).substr(0, qmark));
  if (!path) return fail(400, "malformed percent-encoding in the path");
  r.path = *path;
  if (qmark != std::string::npos) {
    std::string_view query = std::string_view(r.target).substr(qmark + 1);
    while (!query.empty()) {
      const std::size_t amp = query.find('&');
      const std::string_view pair = query.substr(0, amp);
      const std::size_t eq = pair.find('=');
      const auto key = PercentDecode(pair.substr(0, eq));
      const auto value =
          PercentDecode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
      if (!key || !value) return fail(400, "malformed percent-encoding in the query");
      if (!key->empty()) r.query[*key] = *value;
      if (amp == std::string_view::npos) break;
      query.remove_prefix(amp + 1);
    }
  }
  r.keep_alive = version == "HTTP/1.1";
  std::string_view rest =
      line_end == std::string_view::npos ? std::string_view() : head.substr(line_end + 2);
  std::size_t header_count = 0;
  while (!rest.empty()) {
    if (++header_count > limits.max_header_count) {
      return fail(431, "more than " + std::to_string(limits.max_header_count) + " header fields");
    }
    const std::size_t end = rest.find("\r\n");
    const std::string_view header = rest.substr(0, end);
    const std::size_t colon = header.find(':');
    if (colon == std::string_view::npos || !ValidToken(header.substr(0, colon))) {
      return fail(400, "malformed header line");
    }
    std::string name = Lower(header.substr(0, colon));
    std::string value(Trim(header.substr(colon + 1)));
    auto [it, inserted] = r.headers.emplace(name, value);
    if (!inserted) it->second += ", " + value;
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 2);
  }
  const std::string connection = Lower(r.Header("connection"));
  if (connection.find("close") != std::string::npos) r.keep_alive = false;
  if (connection.find("keep-alive") != std::string::npos) r.keep_alive = true;
  if (!r.Header("transfer-encoding").empty()) {
    return fail(501, "Transfer-Encoding is not supported; send Content-Length");
  }
  std::size_t body_bytes = 0;
  if (const std::string length = r.Header("content-length"); !length.empty()) {
    const auto [ptr, ec] =
        std::from_chars(length.data(), length.data() + length.size(), body_bytes);
    if (ec != std::errc() || ptr != length.data() + length.size()) {
      return fail(400, "malformed Content-Length");
    }
  }
  if (body_bytes > limits.max_body_bytes) {
    return fail(413, "request body of " + std::to_string(body_bytes) + " bytes exceeds the " +
                         std::to_string(limits.max_body_bytes) + "-byte limit");
  }
  const std::size_t total = header_end + 4 + body_bytes;
  if (buffer.size() < total) return ParseStatus::kIncomplete;
  r.body = std::string(buffer.substr(header_end + 4, body_bytes));
  *request = std::move(r);
  *consumed = total;
  return ParseStatus::kComplete;
}

const char* StatusReason(int status) {
  switch (status) {
    case 101:
      return "Switching Protocols";
    case 200:
      return "OK";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 413:
      return "Payload Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Entity";
    case 426:
      return "Upgrade Required";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Unknown";
  }
}

std::string SerializeResponse(const HttpResponse& response) {
  std::string out =
      "HTTP/1.1 " + std::to_string(response.status) + " " + StatusReason(response.status) + "\r\n";
  out += "Content-Type: " + response.content_type + "\r\n";
  out += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
  out += "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n";
  for (const auto& [name, value] : response.headers) out += name + ": " + value + "\r\n";
  if (response.close) out += "Connection: close\r\n";
  out += "\r\n";
  out += response.body;
  return out;
}

std::string Sha1(std::string_view data) {
  std::array<std::uint32_t, 5> h = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u,
                                    0xC3D2E1F0u};
  std::string message(data);
  const std::uint64_t bit_length = static_cast<std::uint64_t>(data.size()) * 8;
  message.push_back(static_cast<char>(0x80));
  while (message.size() % 64 != 56) message.push_back('\0');
  for (int i = 7; i >= 0; --i) message.push_back(static_cast<char>((bit_length >> (8 * i)) & 0xff));
  std::array<std::uint32_t, 80> w{};
  for (std::size_t chunk = 0; chunk < message.size(); chunk += 64) {
    for (int i = 0; i < 16; ++i) {
      const auto byte = [&](int k) {
        return static_cast<std::uint32_t>(static_cast<unsigned char>(message[chunk + 4 * i + k]));
      };
      w[i] = (byte(0) << 24) | (byte(1) << 16) | (byte(2) << 8) | byte(3);
    }
    for (int i = 16; i < 80; ++i) w[i] = RotateLeft(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int i = 0; i < 80; ++i) {
      std::uint32_t f = 0, k = 0;
      if (i < 20) {
        f = (b & c) | (~b & d);
        k = 0x5A827999u;
      } else if (i < 40) {
        f = b ^ c ^ d;
        k = 0x6ED9EBA1u;
      } else if (i < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8F1BBCDCu;
      } else {
        f = b ^ c ^ d;
        k = 0xCA62C1D6u;
      }
      const std::uint32_t temp = RotateLeft(a, 5) + f + e + k + w[i];
      e = d;
      d = c;
      c = RotateLeft(b, 30);
      b = a;
      a = temp;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
  }
  std::string digest;
  for (std::uint32_t word : h) {
    for (int i = 3; i >= 0; --i) digest.push_back(static_cast<char>((word >> (8 * i)) & 0xff));
  }
  return digest;
}

std::string Base64Encode(std::string_view data) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    const std::uint32_t v = (static_cast<unsigned char>(data[i]) << 16) |
                            (static_cast<unsigned char>(data[i + 1]) << 8) |
                            static_cast<unsigned char>(data[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i < data.size()) {
    std::uint32_t v = static_cast<unsigned char>(data[i]) << 16;
    if (i + 1 < data.size()) v |= static_cast<unsigned char>(data[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < data.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string WebSocketAccept(const std::string& client_key) {
  return Base64Encode(Sha1(client_key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"));
}

ParseStatus ParseWsFrame(std::string_view buffer, std::size_t max_payload_bytes, WsFrame* frame,
                         std::size_t* consumed, int* close_code) {
  if (buffer.size() < 2) return ParseStatus::kIncomplete;
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(buffer[i]); };
  const bool fin = (byte(0) & 0x80) != 0;
  if ((byte(0) & 0x70) != 0) {  // no extensions were negotiated
    *close_code = 1002;
    return ParseStatus::kError;
  }
  const auto opcode = static_cast<WsOpcode>(byte(0) & 0x0f);
  const bool masked = (byte(1) & 0x80) != 0;
  if (!masked) {
    *close_code = 1002;
    return ParseStatus::kError;
  }
  std::uint64_t length = byte(1) & 0x7f;
  std::size_t offset = 2;
  if (length == 126) {
    if (buffer.size() < 4) return ParseStatus::kIncomplete;
    length = (static_cast<std::uint64_t>(byte(2)) << 8) | byte(3);
    offset = 4;
  } else if (length == 127) {
    if (buffer.size() < 10) return ParseStatus::kIncomplete;
    length = 0;
    for (int i = 0; i < 8; ++i) length = (length << 8) | byte(2 + i);
    offset = 10;
  }
  if (length > max_payload_bytes) {
    *close_code = 1009;
    return ParseStatus::kError;
  }
  if (buffer.size() < offset + 4 + length) return ParseStatus::kIncomplete;
  const std::size_t mask_at = offset;
  offset += 4;
  frame->fin = fin;
  frame->opcode = opcode;
  frame->payload.resize(length);
  for (std::size_t i = 0; i < length; ++i) {
    frame->payload[i] = static_cast<char>(byte(offset + i) ^ byte(mask_at + i % 4));
  }
  *consumed = offset + length;
  return ParseStatus::kComplete;
}

std::string EncodeWsFrame(WsOpcode opcode, std::string_view payload) {
  std::string out;
  out.reserve(payload.size() + 10);
  out.push_back(static_cast<char>(0x80 | static_cast<std::uint8_t>(opcode)));
  if (payload.size() < 126) {
    out.push_back(static_cast<char>(payload.size()));
  } else if (payload.size() <= 0xffff) {
    out.push_back(static_cast<char>(126));
    out.push_back(static_cast<char>((payload.size() >> 8) & 0xff));
    out.push_back(static_cast<char>(payload.size() & 0xff));
  } else {
    out.push_back(static_cast<char>(127));
    for (int i = 7; i >= 0; --i) {
      out.push_back(
          static_cast<char>((static_cast<std::uint64_t>(payload.size()) >> (8 * i)) & 0xff));
    }
  }
  out.append(payload);
  return out;
}

}  // namespace tianmu::service
