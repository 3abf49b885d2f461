import CSMAuth
import FoundationEssentials

extension HTTPResponse {
    /// For a redirect (a status from 300 to 399), what a one-line error says about it: "redirect
    /// to HOST not followed", HOST being the `Location`'s host (and port, when it names one),
    /// or the `Location` itself when it names no host; nil for another status or without a
    /// `Location`.
    ///
    /// Redirects are never followed (libcurl's `CURLOPT_FOLLOWLOCATION` is off): following one
    /// would send the credential's `Authorization` wherever the answer points.
    package var unfollowedRedirect: String? {
        guard (300..<400).contains(status), let location = header("Location")?.trimmingWhitespace(),
            !location.isEmpty
        else { return nil }
        var target = String(String.UnicodeScalarView(location.printableLine.unicodeScalars.prefix(200)))
        if let url = URL(string: location), let host = url.host(percentEncoded: true), !host.isEmpty {
            let shown = host.contains(":") ? "[\(host)]" : host
            target = (shown + (url.port.map { ":\($0)" } ?? "")).printableLine
        }
        return "redirect to \(target) not followed"
    }
}
