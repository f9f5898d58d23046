package io.mgw.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherSecretsTest {

    @TempDir
    Path dataDir;

    @Test
    void generatesMissingSecretsOnceAndKeepsThemPrivate() throws Exception {
        Map<String, String> first = new HashMap<>(Map.of("MGW_JWT_SECRET", "given-by-operator-0123456789abcdef0123"));
        LauncherSecrets.fillMissing(first, dataDir);
        assertEquals("given-by-operator-0123456789abcdef0123", first.get("MGW_JWT_SECRET"));
        assertTrue(first.get("MGW_SERVICE_TOKEN").length() >= 32);
        assertTrue(first.get("MGW_BOOTSTRAP_API_KEY").startsWith("mgw_admin_"));

        Map<String, String> second = new HashMap<>();
        LauncherSecrets.fillMissing(second, dataDir);
        assertEquals(first.get("MGW_SERVICE_TOKEN"), second.get("MGW_SERVICE_TOKEN"));
        assertEquals(first.get("MGW_BOOTSTRAP_API_KEY"), second.get("MGW_BOOTSTRAP_API_KEY"));
        assertTrue(second.get("MGW_JWT_SECRET").length() >= 32, "a secret set only by env is generated when env drops it");
        assertEquals(java.util.Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(dataDir.resolve("secrets.properties")));
    }
}
