{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Déplacer le rendez-vous]] {{REF}}</h1>
<p>[[Actuellement :]] {{DATE}} [[à]] {{TIME}} — {{SITE_NAME}}</p>
<form action="/agent/rdv/{{REF}}/deplacer" method="get" class="inline">
<label for="jour">[[Jour]]</label> <input id="jour" name="jour" type="text" inputmode="numeric" maxlength="10" value="{{DAY}}">
<button type="submit" class="button secondary">[[Afficher]]</button>
</form>
<h2>[[Créneaux libres du]] {{DAY_LABEL}}</h2>
{{#NONE}}<p role="status">[[Aucun créneau libre ce jour-là.]]</p>{{/NONE}}
<form action="/agent/rdv/{{REF}}/deplacer" method="post">
<input type="hidden" name="csrf" value="{{CSRF}}">
<ul class="times">
{{#FREE}}<li><button type="submit" name="creneau" value="{{SLOT_ID}}" class="button time">{{TIME}} — {{SITE}} ({{DEVICE}})</button></li>
{{/FREE}}
</ul>
</form>
<p><a href="/agent/rdv/{{REF}}">[[Retour au rendez-vous]]</a></p>
{{>FOOTER}}
