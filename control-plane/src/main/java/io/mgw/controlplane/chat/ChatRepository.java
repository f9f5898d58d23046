package io.mgw.controlplane.chat;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.UUID;

/** Chats. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ChatRepository extends CrudRepository<Chat, UUID> {

    long countByUserId(String userId);

    /** A user's chats, newest first. */
    @Query("SELECT * FROM chats WHERE user_id = :userId ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
    List<Chat> listOfUser(String userId, int limit, long offset);
}
