/// The HTML pages of the authorization server: the consent form and the error page.
///
/// Every piece of request input is escaped before it is placed in the page.
enum ConsentPage {
    /// The consent form for a pending request.
    static func render(
        consentID: String, request: AuthorizationRequest, sites: [SandboxSite], users: [SandboxUser],
        defaultUser: SandboxUser
    ) -> String {
        let e = HTMLEscaping.escape
        let siteOptions = sites.enumerated().map { index, site in
            "<option value=\"\(e(site.slug))\"\(index == 0 ? " selected" : "")>\(e(site.name)) (\(e(site.url)))</option>"
        }.joined(separator: "\n")
        let userOptions = users.map { user in
            let selected = user.email == defaultUser.email ? " selected" : ""
            return
                "<option value=\"\(e(user.email))\"\(selected)>\(e(user.displayName)) — \(e(user.email)) (\(e(user.role.rawValue)))</option>"
        }.joined(separator: "\n")
        let scopeItems = request.scopes.map { "<li><code>\(e($0))</code></li>" }.joined(separator: "\n")
        return page(
            title: "Authorize \(request.client.id)",
            body: """
                <h1>\(e(request.client.id)) is requesting access to your Atlassian account</h1>
                <p>It will be able to:</p>
                <ul>
                \(scopeItems)
                </ul>
                <form method="POST" action="/authorize/decision">
                <input type="hidden" name="consent" value="\(e(consentID))">
                <p><label for="site">Use app on</label>
                <select name="site" id="site">
                \(siteOptions)
                </select></p>
                <p><label for="user">Signed in as</label>
                <select name="user" id="user">
                \(userOptions)
                </select></p>
                <p>After you decide, you will go to <code>\(e(request.redirectURI))</code>.</p>
                <button type="submit" name="decision" value="accept" id="accept">Accept</button>
                <button type="submit" name="decision" value="deny" id="deny">Deny</button>
                </form>
                """)
    }

    /// The page shown instead of a redirect when the request cannot be trusted.
    static func error(_ error: String, description: String) -> String {
        let e = HTMLEscaping.escape
        return page(
            title: "Something went wrong",
            body: """
                <h1>Something went wrong</h1>
                <p id="error"><code>\(e(error))</code>: <span id="error_description">\(e(description))</span></p>
                <p>Close this page and contact the app's developer.</p>
                """)
    }

    private static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>\(HTMLEscaping.escape(title)) · csm-sandbox</title>
        <style>body{font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em}button{margin-right:1em;padding:.4em 1.2em}</style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }
}
