package org.jakartachat.browser;

import static org.jakartachat.testing.Unique.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jakartachat.testing.Deployed;
import org.jakartachat.testing.TestLimits;
import org.jakartachat.testing.UpgradeBlockingProxy;
import org.jakartachat.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The page in a real Chromium against the WAR on the real server: what a user sees and does.
 * Skipped (with how to enable them) where Chromium is missing, unless -Dchat.browser.required.
 */
@Tag("browser")
class BrowserIT {
    private static final Path SCREENSHOTS = Path.of(System.getProperty("chat.screenshots", "target/screenshots"));

    private final List<ChatPage> pages = new ArrayList<>();

    @BeforeAll
    static void requireChromium() {
        if (Chromium.REQUIRED && !Chromium.available()) {
            fail(Chromium.HOW_TO_ENABLE);
        }
        Assumptions.assumeTrue(Chromium.available(), Chromium.HOW_TO_ENABLE);
    }

    @AfterEach
    void closeBrowsers() {
        pages.forEach(ChatPage::close);
    }

    private ChatPage browser(int width, int height) throws IOException {
        ChatPage page = new ChatPage(Chromium.start(width, height), Deployed.http("/"));
        pages.add(page);
        return page;
    }

    private ChatPage desktop() throws IOException {
        return browser(1200, 800);
    }

    private static void screenshot(ChatPage page, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path shot = page.driver.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    // 1
    @Test
    void twoUsersLandInTheLobbyAndSeeEachOther() throws Exception {
        String aliceName = unique("alice");
        String bobName = unique("bob");
        ChatPage alice = desktop().enter(aliceName);
        ChatPage bob = desktop().enter(bobName);
        assertEquals("# lobby", alice.roomTitle());
        alice.waitUntil(d -> alice.members().contains(bobName));
        assertTrue(alice.members().contains(aliceName + " (you)"));
        bob.waitUntil(d -> bob.members().contains(aliceName));
        assertEquals(alice.members().size(), alice.memberCount());
        assertEquals(bob.members().size(), bob.memberCount());
        assertTrue(alice.memberCount() >= 2);
        assertTrue(bob.onlineCount() >= 2, "bob's header counts alice and himself online");
        alice.waitUntil(d -> alice.onlineCount() >= 2); // alice's count follows bob's arrival
        assertTrue(bob.driver.findElement(By.id("online")).isDisplayed());
    }

    // 2
    @Test
    void enterSendsAMessageEveryoneSeesOnceWithNameAndTime() throws Exception {
        String aliceName = unique("alice");
        ChatPage alice = desktop().enter(aliceName);
        ChatPage bob = desktop().enter(unique("bob"));
        alice.waitUntil(d -> alice.memberCount() >= 2);

        alice.say("hello bob");
        String line = aliceName + ": hello bob";
        bob.waitUntil(d -> bob.messages().contains(line));
        alice.waitUntil(d -> alice.messages().contains(line));
        assertEquals("", alice.input(), "the input box is cleared");
        assertEquals(1, alice.messages().stream().filter(line::equals).count(), "the sender sees it once");
        assertEquals(1, bob.messages().stream().filter(line::equals).count());

        WebElement item = bob.messageItems().get(bob.messageItems().size() - 1);
        WebElement time = item.findElement(By.tagName("time"));
        assertFalse(time.getText().isBlank(), "a visible time");
        Instant sent = Instant.parse(time.getAttribute("datetime"));
        assertTrue(Math.abs(sent.getEpochSecond() - Instant.now().getEpochSecond()) < 60);
        bob.say("hi alice, the chat works");
        alice.waitUntil(d -> alice.messages().stream().anyMatch(m -> m.endsWith("the chat works")));
        screenshot(alice, "desktop-two-users.png");
    }

    // 3
    // 2b
    @Test
    void twoPeopleWithTwoTabsEachWriteToEachOtherAloneAndSeeItInEveryTab() throws Exception {
        String aliceName = unique("alice");
        String bobName = unique("bob");
        ChatPage alice = desktop().enter(aliceName);
        ChatPage aliceTab = alice.newTab().enter(aliceName);
        assertEquals(aliceName, aliceTab.myName(), "a second tab is the same person");
        ChatPage bob = desktop().enter(bobName);
        ChatPage bobTab = bob.newTab().enter(bobName);
        assertEquals(bobName, bobTab.myName());
        ChatPage carol = desktop().enter(unique("carol"));

        // Alice clicks bob in the lobby's member list and writes to him alone.
        alice.focus().waitUntil(d -> alice.members().contains(bobName));
        alice.writeTo(bobName);
        assertEquals("Direct: " + bobName, alice.roomTitle());
        alice.say("hi bob, this is just for you");
        String first = aliceName + ": hi bob, this is just for you";
        alice.waitUntil(d -> alice.messages().contains(first));

        // Bob is in the lobby in both tabs: the conversation shows up beside the rooms, unread.
        for (ChatPage tab : List.of(bob, bobTab)) {
            tab.focus().waitUntil(d -> tab.conversations().contains(aliceName + " 1 new"));
            assertEquals("# lobby", tab.roomTitle());
        }
        aliceTab.focus().waitUntil(d -> aliceTab.conversations().stream().anyMatch(c -> c.startsWith(bobName)));

        bobTab.focus().openConversation(aliceName);
        bobTab.waitUntil(d -> bobTab.messages().equals(List.of(first)));
        bobTab.say("hi alice, only we can read this");
        String second = bobName + ": hi alice, only we can read this";
        List<String> both = List.of(first, second);
        bobTab.waitUntil(d -> bobTab.messages().equals(both));
        alice.focus().waitUntil(d -> alice.messages().equals(both));
        aliceTab.focus().openConversation(bobName);
        aliceTab.waitUntil(d -> aliceTab.messages().equals(both));
        // Bob's own reply, from his other tab, is not news to him.
        bob.focus();
        assertEquals("# lobby", bob.roomTitle());
        bob.waitUntil(d -> bob.conversations().contains(aliceName + " 1 new"));
        bob.openConversation(aliceName);
        bob.waitUntil(d -> bob.messages().equals(both));

        // Nobody else sees any of it, in the lobby or anywhere.
        carol.focus();
        assertEquals(List.of(), carol.conversations());
        assertFalse(carol.messages().stream().anyMatch(m -> m.contains("only")), carol.messages()::toString);
        screenshot(bob, "direct-messages.png");
    }

    @Test
    void whileBobTypesAliceSeesItAndThenItGoesAway() throws Exception {
        ChatPage alice = desktop().enter(unique("alice"));
        String bobName = unique("bob");
        ChatPage bob = desktop().enter(bobName);
        alice.waitUntil(d -> alice.members().contains(bobName));

        bob.type("I am writing");
        alice.waitUntil(d -> alice.typing().equals(bobName + " is typing…"));
        alice.waitUntil(d -> alice.typing().isEmpty()); // bob paused: the notice goes
        bob.type(" more");
        alice.waitUntil(d -> alice.typing().equals(bobName + " is typing…"));
        bob.say("");
        alice.waitUntil(d -> alice.typing().isEmpty()); // bob sent it
    }

    // 4
    @Test
    void aMessageInAnotherRoomStaysThereUntilYouJoinIt() throws Exception {
        String room = unique("random");
        String bobName = unique("bob");
        ChatPage alice = desktop().enter(unique("alice"));
        ChatPage bob = desktop().enter(bobName);

        bob.join(room);
        bob.waitUntil(d -> bob.roomTitle().equals("# " + room));
        bob.say("only in " + room);
        String line = bobName + ": only in " + room;
        bob.waitUntil(d -> bob.messages().contains(line));

        alice.say("lobby check");
        alice.waitUntil(d -> alice.messages().stream().anyMatch(m -> m.endsWith("lobby check")));
        assertFalse(alice.messages().contains(line), "lobby does not show another room's message");

        alice.join(room);
        alice.waitUntil(d -> alice.messages().contains(line)); // from the room's history
        alice.switchTo("lobby");
        alice.waitUntil(d -> alice.roomTitle().equals("# lobby"));
        assertFalse(alice.messages().contains(line));
    }

    // issue 11, point 11: names the page once used as keys of plain objects
    @Test
    void roomsAndPeopleNamedLikeObjectPropertiesWork() throws Exception {
        String aliceName = unique("alice");
        ChatPage alice = desktop().enter(aliceName);
        ChatPage proto = desktop().enter("__proto__");
        assertEquals("__proto__", proto.myName());
        for (String room : List.of("constructor", "__proto__")) {
            proto.join(room);
            proto.waitUntil(d -> proto.roomTitle().equals("# " + room));
            proto.say("in " + room);
            proto.waitUntil(d -> proto.messages().contains("__proto__: in " + room));
            alice.join(room);
            alice.waitUntil(d -> alice.roomTitle().equals("# " + room));
            alice.waitUntil(d -> alice.messages().contains("__proto__: in " + room)); // from the room's history
            proto.type("typing in " + room);
            alice.waitUntil(d -> alice.typing().equals("__proto__ is typing…"));
            proto.say(""); // sends what was typed, which also ends the typing notice
            alice.waitUntil(d -> alice.messages().contains("__proto__: typing in " + room));
            alice.say("seen in " + room);
            proto.waitUntil(d -> proto.messages().contains(aliceName + ": seen in " + room));
        }
    }

    // issue 13: the page is a Socket.io client; where WebSocket is allowed it upgrades and keeps one
    @Test
    void thePageUpgradesToOneWebSocketAndKeepsIt() throws Exception {
        ChatPage page = desktop();
        Network.recordSockets(page);
        page.enter(unique("upgrade"));
        page.waitUntil(d -> Long.valueOf(1).equals(page.script(
                "return window.__sockets.filter(s => s.readyState === 1).length;")));
        Thread.sleep(3_000); // over a few heartbeats of the tests' servers: nothing given up
        assertEquals("online", page.status());
        assertEquals(1L, page.script("return window.__sockets.length;"), "one WebSocket, never given up");
        assertTrue(((String) page.script("return window.__sockets[0].url;")).contains("/chat/socket.io/?EIO=4&transport=websocket&sid="),
                "the upgrade of the page's polling session");
    }

    // issue 13: a proxy that blocks WebSocket; the page chats over long-polling and resumes exactly
    @Test
    void whereWebSocketIsBlockedThePageChatsOverPollingAndResumesExactlyAfterADrop() throws Exception {
        URI base = Deployed.base();
        try (UpgradeBlockingProxy proxy = new UpgradeBlockingProxy(base.getHost(), base.getPort());
             WsClient carol = WsClient.connect(Deployed.ws(unique("carol")))) {
            ChatPage page = new ChatPage(Chromium.start(1200, 800),
                    URI.create("http://127.0.0.1:" + proxy.port() + base.getPath() + "/"));
            pages.add(page);
            Network.recordSockets(page);
            String name = unique("behind");
            page.enter(name);
            String carolName = carol.next("welcome").getString("name");
            carol.send("{\"type\":\"join\",\"room\":\"lobby\"}");
            carol.next("joined");
            page.waitUntil(d -> page.memberCount() >= 2);
            page.say("hello through the proxy");
            JsonObject heard = carol.nextOfType("message");
            assertEquals(name, heard.getString("from"));
            assertEquals("hello through the proxy", heard.getString("text"));
            carol.send("{\"type\":\"message\",\"room\":\"lobby\",\"text\":\"hello back\"}");
            page.waitUntil(d -> page.messages().contains(carolName + ": hello back"));

            // The network drops: the page says so, and misses what is said meanwhile.
            proxy.cut();
            page.waitUntil(d -> page.status().equals("offline"));
            List<String> missed = List.of("missed 1", "missed 2", "missed 3");
            for (String text : missed) {
                carol.send("{\"type\":\"message\",\"room\":\"lobby\",\"text\":\"" + text + "\"}");
                carol.nextOfType("message");
            }
            proxy.restore();
            page.waitUntil(ChatPage.RECONNECT, d -> page.status().equals("online"));
            page.waitUntil(d -> page.messages().contains(carolName + ": missed 3"));
            List<String> seen = page.messages();
            int from = seen.indexOf(carolName + ": hello back");
            assertEquals(List.of(carolName + ": hello back", carolName + ": missed 1", carolName + ": missed 2",
                    carolName + ": missed 3"), seen.subList(from, seen.size()), "each once, in order");
            assertFalse(page.showsGap());
            assertEquals(name, page.myName(), "the same sender, with its name, after the reconnect");

            assertTrue(proxy.upgradesRefused() >= 1, "the page tried WebSocket and was refused");
            assertEquals(0L, page.script("return window.__sockets.filter(s => s.readyState === 1).length;"),
                    "no WebSocket ever got through");
        }
    }

    // issue 11, point 11: one letter with 1,999 combining marks drew over some 14 rows of the page
    @Test
    void aTowerOfCombiningMarksStaysInsideItsOwnLine() throws Exception {
        String aliceName = unique("alice");
        ChatPage alice = desktop().enter(aliceName);
        alice.say("below the tower");
        alice.waitUntil(d -> alice.messages().contains(aliceName + ": below the tower"));
        WebElement before = alice.messageItems().get(alice.messageItems().size() - 1);
        byte[] untouched = before.getScreenshotAs(OutputType.BYTES);
        try (org.jakartachat.testing.WsClient tower = org.jakartachat.testing.WsClient.connect(Deployed.ws(unique("tower")))) {
            tower.next("welcome");
            tower.send("{\"type\":\"join\",\"room\":\"lobby\"}");
            tower.nextOfType("joined");
            tower.send("{\"type\":\"message\",\"room\":\"lobby\",\"text\":\"a" + "\u0301".repeat(1999) + "\"}");
            tower.nextOfType("message");
        }
        alice.waitUntil(d -> alice.messageItems().size() >= 2
                && alice.messages().get(alice.messages().size() - 1).endsWith("\u0301"));
        assertTrue(java.util.Arrays.equals(untouched, before.getScreenshotAs(OutputType.BYTES)),
                "the line above the tower looks exactly as before");
    }

    // 5
    @Test
    void markupInAMessageIsShownAsTextAndNeverRuns() throws Exception {
        String aliceName = unique("alice");
        ChatPage alice = desktop().enter(aliceName);
        ChatPage bob = desktop().enter(unique("bob"));
        alice.waitUntil(d -> alice.memberCount() >= 2);
        String img = "<img src=x onerror=alert(1)>";
        String script = "<script>window.pwned = 1; alert(2)</script>";

        alice.say(img);
        alice.say(script);
        bob.waitUntil(d -> bob.messages().contains(aliceName + ": " + script));
        assertTrue(bob.messages().contains(aliceName + ": " + img));
        for (ChatPage page : List.of(alice, bob)) {
            assertThrows(NoAlertPresentException.class, () -> page.driver.switchTo().alert());
            assertTrue(page.driver.findElements(By.cssSelector("#messages img, #messages script")).isEmpty());
            assertEquals(null, page.script("return window.pwned;"));
        }
    }

    // 6
    @Test
    void afterADropThePageReconnectsAndShowsWhatItMissedOnceInOrder() throws Exception {
        String aliceName = unique("alice");
        ChatPage alice = desktop().enter(aliceName);
        ChatPage bob = desktop();
        Network.recordSockets(bob);
        bob.driver.get(Deployed.http("/").toString());
        String bobName = unique("bob");
        bob.enter(bobName);
        alice.waitUntil(d -> alice.memberCount() >= 2);
        alice.say("before");
        bob.waitUntil(d -> bob.messages().contains(aliceName + ": before"));

        // The server closes the socket while the network is down: no reconnect until it is back.
        Network.offline(bob);
        Network.closeByServer(bob);
        bob.waitUntil(d -> bob.status().equals("offline"));
        List<String> missed = List.of("while away 1", "while away 2", "while away 3");
        for (String text : missed) {
            alice.say(text);
        }
        alice.waitUntil(d -> alice.messages().contains(aliceName + ": while away 3"));
        Network.online(bob);

        bob.waitUntil(ChatPage.RECONNECT, d -> bob.status().equals("online"));
        bob.waitUntil(d -> bob.messages().contains(aliceName + ": while away 3"));
        List<String> seen = bob.messages();
        int first = seen.indexOf(aliceName + ": before");
        assertEquals(List.of(aliceName + ": before", aliceName + ": while away 1", aliceName + ": while away 2",
                aliceName + ": while away 3"), seen.subList(first, seen.size()), "each once, in order");
        assertFalse(bob.showsGap());

        // The network goes silent for longer than the history holds: the page notices by Engine.IO's
        // heartbeat (pingInterval and pingTimeout: 9 s with the tests' 5 s), and after reconnecting
        // marks the gap instead of hiding it.
        Network.offline(bob);
        bob.waitUntil(d -> bob.status().equals("offline"));
        int many = TestLimits.HISTORY + 2;
        for (int i = 0; i < many; i++) {
            alice.say("long away " + i);
        }
        String lastLine = aliceName + ": long away " + (many - 1);
        alice.waitUntil(d -> alice.messages().contains(lastLine));
        Network.online(bob);
        bob.waitUntil(ChatPage.RECONNECT, d -> bob.messages().contains(lastLine));
        assertTrue(bob.showsGap(), "a visible gap marker");
        List<String> after = bob.messages();
        assertEquals(1, after.stream().filter(lastLine::equals).count());
        assertEquals(1, after.stream().filter(m -> m.equals(aliceName + ": while away 3")).count());

        // The server may still hold the socket the page gave up on (it learns of a silent peer
        // only by its heartbeat): the page asked for the name its user chose, with its token,
        // and got it back rather than a suffixed one.
        assertEquals(bobName, bob.myName());
        // And a reload asks for that name again.
        bob.driver.get(Deployed.http("/").toString());
        assertEquals(bobName, bob.script("return document.getElementById('login-name').value;"));
        bob.enter(bobName);
        assertEquals(bobName, bob.myName());
    }

    // 7
    @Test
    void errorsAreShownInWords() throws Exception {
        String aliceName = unique("alice");
        ChatPage alice = desktop().enter(aliceName);

        alice.script("document.getElementById('message').removeAttribute('maxlength');"
                + "document.getElementById('message').value = 'x'.repeat(arguments[0]);",
                TestLimits.DEFAULTS.maxTextLength() + 1);
        alice.say("");
        alice.waitUntil(d -> alice.error().contains("too_long"));
        assertTrue(alice.error().contains("at most " + TestLimits.DEFAULTS.maxTextLength()), alice.error());
        assertFalse(alice.input().isEmpty(), "the refused text is given back to edit");

        // Faster than anyone types: twenty Enter presses at machine speed.
        alice.script("const input = document.getElementById('message');"
                + "for (let i = 0; i < 20; i++) { input.value = 'quick ' + i;"
                + "  input.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter'}));"
                + "  input.form.requestSubmit(); }");
        alice.waitUntil(d -> alice.error().contains("rate_limited"));
        assertTrue(alice.error().toLowerCase().contains("slow down"), alice.error());
        // What the rate limit refused is not lost: the page offers it again (in whatever order the
        // retries get through), and each goes once.
        alice.waitUntil(ChatPage.RECONNECT, d -> java.util.stream.IntStream.range(0, 20)
                .allMatch(i -> alice.messages().contains(aliceName + ": quick " + i)));
        List<String> said = alice.messages();
        for (int i = 0; i < 20; i++) {
            String line = aliceName + ": quick " + i;
            assertEquals(1, said.stream().filter(line::equals).count(), line + " in " + said);
        }

        WebElement rename = alice.driver.findElement(By.id("rename-name"));
        rename.clear();
        rename.sendKeys("<bad>", Keys.ENTER);
        alice.waitUntil(d -> alice.error().contains("invalid_name"));

        ChatPage carol = desktop();
        carol.driver.get(Deployed.http("/").toString());
        carol.driver.findElement(By.id("login-name")).sendKeys("<script>", Keys.ENTER);
        carol.waitUntil(d -> carol.driver.findElement(By.id("login-error")).isDisplayed());
        assertTrue(carol.driver.findElement(By.id("login-error")).getText().contains("cannot be used"));
        assertFalse(carol.driver.findElement(By.id("chat")).isDisplayed());
    }

    // 8
    @Test
    void everythingWorksFromTheKeyboard() throws Exception {
        String name = unique("keys");
        String room = unique("kb");
        ChatPage page = desktop();
        page.driver.get(Deployed.http("/").toString());
        Actions keys = new Actions(page.driver);
        assertEquals("login-name", activeId(page), "the name field has the focus on arrival");
        keys.sendKeys(name).sendKeys(Keys.ENTER).perform();
        page.waitUntil(d -> "online".equals(page.status()));
        assertEquals("message", activeId(page), "after entering, the focus is in the message box");

        keys.sendKeys("typed without a mouse").sendKeys(Keys.ENTER).perform();
        page.waitUntil(d -> page.messages().contains(name + ": typed without a mouse"));

        tabTo(page, "join-room");
        keys.sendKeys(room).sendKeys(Keys.ENTER).perform();
        page.waitUntil(d -> page.roomTitle().equals("# " + room));

        // Back to the lobby: Tab to its button in the room list and press Enter.
        tabToText(page, "# lobby");
        keys.sendKeys(Keys.ENTER).perform();
        page.waitUntil(d -> page.roomTitle().equals("# lobby"));

        WebElement log = page.driver.findElement(By.id("messages"));
        assertEquals("log", log.getAttribute("role"));
        assertEquals("polite", log.getAttribute("aria-live"));
        for (WebElement input : page.driver.findElements(By.cssSelector("input"))) {
            String id = input.getAttribute("id");
            boolean labelled = !page.driver.findElements(By.cssSelector("label[for='" + id + "']")).isEmpty()
                    || input.getAttribute("aria-label") != null;
            assertTrue(labelled, "input #" + id + " has a label");
        }
    }

    private static String activeId(ChatPage page) {
        return (String) page.script("return document.activeElement && document.activeElement.id;");
    }

    private static void tabTo(ChatPage page, String id) {
        Actions keys = new Actions(page.driver);
        for (int i = 0; i < 30 && !id.equals(activeId(page)); i++) {
            keys.sendKeys(Keys.TAB).perform();
        }
        assertEquals(id, activeId(page), "reachable with Tab");
    }

    private static void tabToText(ChatPage page, String text) {
        Actions keys = new Actions(page.driver);
        for (int i = 0; i < 30; i++) {
            Object focused = page.script("return document.activeElement && document.activeElement.textContent;");
            if (text.equals(focused)) {
                return;
            }
            keys.sendKeys(Keys.TAB).perform();
        }
        fail(text + " is not reachable with Tab");
    }

    // 9
    @Test
    void aPhoneSizedWindowIsUsable() throws Exception {
        String name = unique("phone");
        ChatPage phone = browser(500, 800);
        // A phone's viewport: headless Chromium will not size a window under 500 px wide.
        phone.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 375, "height", 740, "deviceScaleFactor", 2, "mobile", true));
        phone.enter(name);
        long viewport = (Long) phone.script("return window.innerWidth;");
        assertEquals(375, viewport);
        long content = (Long) phone.script("return document.documentElement.scrollWidth;");
        assertTrue(content <= viewport, "no sideways scrolling: " + content + " > " + viewport);
        WebElement input = phone.driver.findElement(By.id("message"));
        assertTrue(input.isDisplayed());
        Map<?, ?> box = (Map<?, ?>) phone.script("const r = arguments[0].getBoundingClientRect();"
                + "return {left: r.left, right: r.right, width: r.width};", input);
        assertTrue(((Number) box.get("left")).doubleValue() >= 0);
        assertTrue(((Number) box.get("right")).doubleValue() <= viewport);
        assertTrue(((Number) box.get("width")).doubleValue() >= 150, "the message box is wide enough to type in");
        phone.say("hello from a phone");
        phone.waitUntil(d -> phone.messages().contains(name + ": hello from a phone"));
        assertNotNull(phone.driver.findElement(By.id("send")).findElement(By.tagName("button")));
        screenshot(phone, "phone.png");
    }
}
