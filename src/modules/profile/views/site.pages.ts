import { compileView } from '../../../core/http/views/view-engine';

/** GET /: a plain landing page. */
export const homePage = compileView<{ signedIn: boolean; retentionDays: number }>(`
<h1>{{t "home.title"}}</h1>
<p class="lead">{{t "home.lead"}}</p>
<div class="card">
  <ul class="features">
    <li>{{t "home.point.correct"}}</li>
    <li>{{t "home.point.export"}}</li>
    <li>{{t "home.point.emails"}}</li>
    <li>{{t "home.point.close" days=retentionDays}}</li>
  </ul>
  <div class="actions">
    {{#if signedIn}}<a class="btn" href="/profile">{{t "home.profile"}}</a>
    {{else}}<a class="btn" href="/signin">{{t "home.signin"}}</a> <a class="btn secondary" href="/profile">{{t "home.profile"}}</a>{{/if}}
  </div>
  <p><a href="/cookies">{{t "home.cookies"}}</a></p>
</div>
`);

export interface CookieRow {
  name: string;
  purpose: string;
  lifetime: string;
}

/** GET /cookies: every cookie we set, its purpose and lifetime (the policy's list of cookies). */
export const cookiesPage = compileView<{ cookies: CookieRow[] }>(`
<h1>{{t "cookies.title"}}</h1>
<p class="lead">{{t "cookies.lead"}}</p>
<section class="card">
  <table>
    <thead><tr><th scope="col">{{t "cookies.name"}}</th><th scope="col">{{t "cookies.purpose"}}</th><th scope="col">{{t "cookies.lifetime"}}</th><th scope="col">{{t "cookies.type"}}</th></tr></thead>
    <tbody>{{#each cookies}}<tr><td><code>{{name}}</code></td><td>{{purpose}}</td><td>{{lifetime}}</td><td>{{t "cookies.essential"}}</td></tr>{{/each}}</tbody>
  </table>
  <p class="muted">{{t "cookies.none"}}</p>
</section>
`);

/** GET /profile/email/confirm: confirming needs a click (a POST), so a mail scanner opening the link changes nothing. */
export const emailConfirmPage = compileView<{ token: string; email: string }>(`
<h1>{{t "confirm.title"}}</h1>
<section class="card">
  <p>{{t "confirm.lead" email=email}}</p>
  <form method="post" action="/profile/email/confirm">
    <input type="hidden" name="token" value="{{token}}">
    <div class="actions"><button class="btn" type="submit">{{t "confirm.submit"}}</button></div>
  </form>
</section>
`);

export const emailConfirmedPage = compileView<{ email: string }>(`
<h1>{{t "confirm.done.title"}}</h1>
<section class="card" role="status">
  <p>{{t "confirm.done" email=email}}</p>
  <p><a class="btn" href="/profile">{{t "confirm.toProfile"}}</a></p>
</section>
`);

export const emailLinkInvalidPage = compileView<{ message: string }>(`
<h1>{{t "confirm.invalid.title"}}</h1>
<section class="card" role="alert"><p>{{message}}</p><p><a href="/profile">{{t "confirm.toProfile"}}</a></p></section>
`);
