/// An OAuth 2.0 scope a login asks Atlassian for: every scope csm-auth names is a constant here,
/// spelled once, with the sets each family of CSM calls needs and the set a login asks for by
/// default.
///
/// ```swift
/// let scopes = (CSMScope.customers + CSMScope.organizations).map(\.rawValue)
/// ```
public struct CSMScope: Hashable, Sendable, CustomStringConvertible {
    /// The scope as Atlassian spells it, such as `read:customer:jira-service-management`.
    public let rawValue: String

    /// A scope by its name, for one this type has no constant for.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The scope's name.
    public var description: String { rawValue }

    /// A granular scope of Jira Service Management (`ACTION:RESOURCE:jira-service-management`).
    private static func serviceManagement(_ action: String, _ resource: String) -> CSMScope {
        CSMScope(rawValue: "\(action):\(resource):jira-service-management")
    }

    // MARK: Refresh tokens

    /// `offline_access`: a refresh token with the access token. Every 3LO login asks for it.
    public static let offlineAccess = CSMScope(rawValue: "offline_access")

    // MARK: Who is logged in

    /// `read:me`: the account's identity from `{API_URL}/me` (its id, name and email), which a
    /// login asks for by default to say who is logged in.
    public static let readMe = CSMScope(rawValue: "read:me")

    // MARK: Customers

    /// Read customers.
    public static let readCustomer = serviceManagement("read", "customer")
    /// Create and change customers.
    public static let writeCustomer = serviceManagement("write", "customer")
    /// Read customers' detail values.
    public static let readCustomerDetail = serviceManagement("read", "customer.detail")
    /// Change customers' detail values.
    public static let writeCustomerDetail = serviceManagement("write", "customer.detail")
    /// Read customers' detail-field definitions.
    public static let readCustomerDetailField = serviceManagement("read", "customer.detail-field")
    /// Create and change customers' detail-field definitions.
    public static let writeCustomerDetailField = serviceManagement("write", "customer.detail-field")
    /// Delete customers' detail-field definitions.
    public static let deleteCustomerDetailField = serviceManagement("delete", "customer.detail-field")
    /// Read customer profiles.
    public static let readCustomerProfile = serviceManagement("read", "customer.profile")
    /// Change customer profiles.
    public static let writeCustomerProfile = serviceManagement("write", "customer.profile")

    // MARK: Organizations

    /// Read organizations.
    public static let readOrganization = serviceManagement("read", "organization")
    /// Create and change organizations.
    public static let writeOrganization = serviceManagement("write", "organization")
    /// Read organizations' detail values.
    public static let readOrganizationDetail = serviceManagement("read", "organization.detail")
    /// Change organizations' detail values.
    public static let writeOrganizationDetail = serviceManagement("write", "organization.detail")
    /// Read organizations' detail-field definitions.
    public static let readOrganizationDetailField = serviceManagement("read", "organization.detail-field")
    /// Create and change organizations' detail-field definitions.
    public static let writeOrganizationDetailField = serviceManagement("write", "organization.detail-field")
    /// Delete organizations' detail-field definitions.
    public static let deleteOrganizationDetailField = serviceManagement("delete", "organization.detail-field")
    /// Read organization profiles.
    public static let readOrganizationProfile = serviceManagement("read", "organization.profile")
    /// Change organization profiles.
    public static let writeOrganizationProfile = serviceManagement("write", "organization.profile")

    // MARK: Products and entitlements

    /// Read products.
    public static let readProduct = serviceManagement("read", "product")
    /// Create, change and delete products.
    public static let writeProduct = serviceManagement("write", "product")
    /// Read entitlements.
    public static let readEntitlement = serviceManagement("read", "entitlement")
    /// Create, change and delete entitlements.
    public static let writeEntitlement = serviceManagement("write", "entitlement")
    /// Change entitlements' detail values.
    public static let writeEntitlementDetail = serviceManagement("write", "entitlement.detail")
    /// Read entitlements' detail-field definitions.
    public static let readEntitlementDetailField = serviceManagement("read", "entitlement.detail-field")
    /// Create and change entitlements' detail-field definitions.
    public static let writeEntitlementDetailField = serviceManagement("write", "entitlement.detail-field")
    /// Delete entitlements' detail-field definitions.
    public static let deleteEntitlementDetailField = serviceManagement("delete", "entitlement.detail-field")

    // MARK: Help centres, requests and tasks

    /// Read help centres.
    public static let readHelpCenter = serviceManagement("read", "helpcenter")
    /// Create and change help centres.
    public static let writeHelpCenter = serviceManagement("write", "helpcenter")
    /// Raise requests and comment on them.
    public static let writeRequest = serviceManagement("write", "csm-request")
    /// Read the tasks of bulk calls.
    public static let readTask = serviceManagement("read", "task")

    // MARK: Sets

    /// What the customer calls need: records, their details and profiles, and their detail fields.
    public static let customers: [CSMScope] = [
        readCustomer, writeCustomer, readCustomerDetail, writeCustomerDetail, readCustomerDetailField,
        writeCustomerDetailField, deleteCustomerDetailField, readCustomerProfile, writeCustomerProfile,
    ]
    /// What the organization calls need: records, their details and profiles, and their detail fields.
    public static let organizations: [CSMScope] = [
        readOrganization, writeOrganization, readOrganizationDetail, writeOrganizationDetail,
        readOrganizationDetailField, writeOrganizationDetailField, deleteOrganizationDetailField,
        readOrganizationProfile, writeOrganizationProfile,
    ]
    /// What the product and entitlement calls need, detail fields included.
    public static let productsAndEntitlements: [CSMScope] = [
        readProduct, writeProduct, readEntitlement, writeEntitlement, writeEntitlementDetail,
        readEntitlementDetailField, writeEntitlementDetailField, deleteEntitlementDetailField,
    ]
    /// What the help-centre, request and bulk-task calls need.
    public static let helpCentersRequestsAndTasks: [CSMScope] = [
        readHelpCenter, writeHelpCenter, writeRequest, readTask,
    ]

    /// What a login asks for when neither a flag nor the profile names any scope: every scope the
    /// typed calls of CSMAPI use, and ``readMe`` so the login can say who is logged in
    /// (`offline_access` is added to every login on top). The order is the one the authorization
    /// URL lists them in.
    public static let defaultLogin: [CSMScope] = [
        readCustomer, readCustomerDetail, writeCustomerDetail, readCustomerDetailField, writeCustomerDetailField,
        deleteCustomerDetailField, readOrganization, readOrganizationDetail, writeOrganizationDetail,
        readOrganizationDetailField, writeOrganizationDetailField, deleteOrganizationDetailField, writeCustomer,
        writeOrganization, readCustomerProfile, writeCustomerProfile, readOrganizationProfile,
        writeOrganizationProfile, readProduct, writeProduct, readEntitlement, writeEntitlement,
        writeEntitlementDetail, readEntitlementDetailField, writeEntitlementDetailField,
        deleteEntitlementDetailField, readHelpCenter, writeHelpCenter, writeRequest, readTask, readMe,
    ]
}
