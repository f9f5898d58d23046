package io.mgw.controlplane.account;

import io.micronaut.transaction.annotation.Transactional;
import io.mgw.adapters.contract.Ids;
import io.mgw.controlplane.account.AccountViews.CreateUserRequest;
import io.mgw.controlplane.account.AccountViews.UserView;
import io.mgw.controlplane.auth.Caller;
import io.mgw.controlplane.auth.Role;
import io.mgw.controlplane.auth.Scope;
import io.mgw.controlplane.common.ListPage;
import io.mgw.controlplane.common.PageRequest;
import io.mgw.controlplane.error.ApiException;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.regex.Pattern;

/** Users of the caller's organization, administered by its owners and admins. */
@Singleton
public class UserService {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final int MAX_EMAIL_LENGTH = 254;

    private final UserRepository users;
    private final ApiKeyRepository keys;
    private final Clock clock;

    public UserService(UserRepository users, ApiKeyRepository keys, Clock clock) {
        this.users = users;
        this.keys = keys;
        this.clock = clock;
    }

    /** Validates a new user's fields; shared by user creation and an organization's first owner. */
    static NewUser validate(CreateUserRequest request, Role defaultRole, String fieldPrefix) {
        if (request == null) {
            throw ApiException.badRequest("request body is required");
        }
        String email = request.email() == null ? "" : request.email().trim();
        if (email.isEmpty() || email.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(email).matches()) {
            throw ApiException.invalidField(fieldPrefix + "email", fieldPrefix + "email must be an email address");
        }
        Role role = defaultRole;
        if (request.role() != null) {
            role = Role.fromWireName(request.role()).orElseThrow(() -> ApiException.invalidField(fieldPrefix + "role",
                    fieldPrefix + "role must be one of owner, admin, member"));
        }
        String name = request.name() == null || request.name().isBlank() ? null : request.name().trim();
        if (name != null && name.length() > 200) {
            throw ApiException.invalidField(fieldPrefix + "name", fieldPrefix + "name must be at most 200 characters");
        }
        return new NewUser(email, name, role);
    }

    /** A validated new user. */
    record NewUser(String email, String name, Role role) {
    }

    @Transactional
    public UserView create(Caller caller, CreateUserRequest request) {
        NewUser user = validate(request, Role.MEMBER, "");
        caller.requireScope(Scope.ADMIN);
        if (user.role() == Role.OWNER && caller.role() != Role.OWNER) {
            throw ApiException.forbidden("only an owner may create another owner");
        }
        return UserView.of(insert(caller.organizationId(), user, false));
    }

    User insert(String organizationId, NewUser user, boolean platformAdmin) {
        if (users.emailTaken(organizationId, user.email())) {
            throw ApiException.conflict("a user with email " + user.email() + " already exists in this organization");
        }
        Instant now = clock.instant();
        return users.save(new User(Ids.newId("user"), organizationId, user.email(), user.name(), user.role().wireName(),
                platformAdmin, null, now, now, null));
    }

    public ListPage<UserView> list(Caller caller, PageRequest page) {
        caller.requireScope(Scope.ADMIN);
        long count = users.countByOrganizationIdAndDeletedAtIsNull(caller.organizationId());
        return ListPage.of(count, page, users.listActive(caller.organizationId(), page.limit(), page.offset())
                .stream().map(UserView::of).toList());
    }

    public UserView get(Caller caller, String userId) {
        requireWellFormed(userId);
        caller.requireScope(Scope.ADMIN);
        return UserView.of(find(caller, userId));
    }

    /** Deletes a user and revokes every key acting as them, in one transaction. */
    @Transactional
    public void delete(Caller caller, String userId) {
        requireWellFormed(userId);
        caller.requireScope(Scope.ADMIN);
        User user = find(caller, userId);
        if (user.id().equals(caller.userId())) {
            throw ApiException.conflict("you cannot delete yourself");
        }
        if (user.roleValue() == Role.OWNER && caller.role() != Role.OWNER) {
            throw ApiException.forbidden("only an owner may delete an owner");
        }
        Instant now = clock.instant();
        users.update(new User(user.id(), user.organizationId(), user.email(), user.name(), user.role(),
                user.platformAdmin(), user.passwordHash(), user.createdAt(), now, now));
        keys.revokeAllOfUser(user.id(), now);
    }

    private User find(Caller caller, String userId) {
        return users.findByIdAndOrganizationIdAndDeletedAtIsNull(userId, caller.organizationId())
                .orElseThrow(() -> ApiException.notFound("user", userId));
    }

    private static void requireWellFormed(String userId) {
        if (!Ids.wellFormed(userId)) {
            throw ApiException.invalidField("id", "not a valid user id");
        }
    }
}
