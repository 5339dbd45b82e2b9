package org.jakartachat.browser;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The chat page as a user sees it: what is on the screen and what a user can do with it. */
final class ChatPage implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(15);
    /** A reconnect may wait out a backoff step (at most 15 s) plus a handshake. */
    static final Duration RECONNECT = Duration.ofSeconds(40);

    final ChromeDriver driver;
    private final URI page;
    /** This page's tab in the browser; a browser may hold several (see {@link #newTab}). */
    private final String window;
    /** Whether closing this page closes the browser (its first tab) or only the tab. */
    private final boolean ownsBrowser;

    ChatPage(ChromeDriver driver, URI page) {
        this(driver, page, driver.getWindowHandle(), true);
    }

    private ChatPage(ChromeDriver driver, URI page, String window, boolean ownsBrowser) {
        this.driver = driver;
        this.page = page;
        this.window = window;
        this.ownsBrowser = ownsBrowser;
    }

    /**
     * A second tab of the same browser, so the same person: the page keeps its token in the
     * browser's local storage, which every tab of a site shares.
     */
    ChatPage newTab() {
        driver.switchTo().newWindow(WindowType.TAB);
        return new ChatPage(driver, page, driver.getWindowHandle(), false);
    }

    /** Brings this page's tab to the front: what follows reads and acts on it. */
    ChatPage focus() {
        driver.switchTo().window(window);
        return this;
    }

    /** Opens the page and enters the chat under {@code name} by typing it and pressing Enter. */
    ChatPage enter(String name) {
        focus();
        driver.get(page.toString());
        WebElement input = driver.findElement(By.id("login-name"));
        input.clear();
        input.sendKeys(name, Keys.ENTER);
        waitUntil(d -> "online".equals(status()));
        return this;
    }

    <T> T waitUntil(Function<WebDriver, T> condition) {
        return waitUntil(WAIT, condition);
    }

    <T> T waitUntil(Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout).until(condition);
    }

    String status() {
        return driver.findElement(By.id("status")).getAttribute("data-state");
    }

    String myName() {
        return driver.findElement(By.id("my-name")).getText();
    }

    void type(String text) {
        driver.findElement(By.id("message")).sendKeys(text);
    }

    void say(String text) {
        driver.findElement(By.id("message")).sendKeys(text, Keys.ENTER);
    }

    String input() {
        return driver.findElement(By.id("message")).getAttribute("value");
    }

    /** The chat messages shown in the current room: "from: text", oldest first. */
    List<String> messages() {
        return driver.findElements(By.cssSelector("#messages li.message:not(.pending)")).stream()
                .map(li -> li.findElement(By.className("from")).getText() + ": "
                        + li.findElement(By.className("text")).getText())
                .toList();
    }

    List<WebElement> messageItems() {
        return driver.findElements(By.cssSelector("#messages li.message:not(.pending)"));
    }

    boolean showsGap() {
        return !driver.findElements(By.cssSelector("#messages li.gap")).isEmpty();
    }

    List<String> members() {
        return driver.findElements(By.cssSelector("#member-list li")).stream().map(WebElement::getText).toList();
    }

    /** The server-wide online count in the header. */
    int onlineCount() {
        return Integer.parseInt(driver.findElement(By.id("online-count")).getText());
    }

    int memberCount() {
        return Integer.parseInt(driver.findElement(By.id("member-count")).getText());
    }

    String typing() {
        return driver.findElement(By.id("typing")).getText();
    }

    String error() {
        WebElement error = driver.findElement(By.id("error"));
        return error.isDisplayed() ? error.getText() : "";
    }

    String roomTitle() {
        return driver.findElement(By.id("room-title")).getText();
    }

    void join(String room) {
        driver.findElement(By.id("join-room")).sendKeys(room, Keys.ENTER);
    }

    /** Opens the conversation with a member of the current room by clicking the name. */
    void writeTo(String member) {
        driver.findElements(By.cssSelector("#member-list button.person")).stream()
                .filter(b -> b.getText().equals(member)).findFirst().orElseThrow().click();
    }

    /** The direct conversations listed, each as its name and, if any, its unread count ("bob 2 new"). */
    List<String> conversations() {
        return driver.findElements(By.cssSelector("#direct-list li")).stream()
                .map(li -> li.findElement(By.className("switch")).getText()
                        + li.findElements(By.className("unread")).stream().map(u -> " " + u.getText())
                        .findFirst().orElse(""))
                .toList();
    }

    void openConversation(String with) {
        driver.findElements(By.cssSelector("#direct-list button.switch")).stream()
                .filter(b -> b.getText().equals(with)).findFirst().orElseThrow().click();
    }

    void switchTo(String room) {
        driver.findElements(By.cssSelector("#room-list button.switch")).stream()
                .filter(b -> b.getText().equals("# " + room)).findFirst().orElseThrow().click();
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    @Override
    public void close() {
        if (ownsBrowser) {
            driver.quit();
        }
    }
}
